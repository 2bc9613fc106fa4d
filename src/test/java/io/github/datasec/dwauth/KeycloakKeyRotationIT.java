package io.github.datasec.dwauth;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.example.ExampleAppAgainstKeycloak;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.jwks.JwksMetrics;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import jakarta.ws.rs.core.Response;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation against the real Keycloak: a key added through the admin API signs the next token,
 * and the running application accepts it after exactly one extra fetch of the realm's key set,
 * while tokens of the previous key keep working. The realm is this test's own, so rotating its
 * keys disturbs no other test sharing the Keycloak.
 */
class KeycloakKeyRotationIT {
    private static final String REALM = "key-rotation-it";
    private static final String CLIENT = "key-rotation-it-client";
    private static final String USER = "rotation-user";
    private static final String PASSWORD = "rotation-password";

    @RegisterExtension
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    /** Started by hand once the realm exists, so its first key fetch finds the realm. */
    private static final DropwizardAppExtension<ExampleConfiguration> APP = ExampleAppAgainstKeycloak.app(KEYCLOAK, REALM,
            ConfigOverride.config("authenticationConfiguration.clientId", CLIENT),
            // Keycloak sends no-cache; with the lower bound raised, no scheduled refresh can fall into the test.
            ConfigOverride.config("authenticationConfiguration.jwks.minCacheDuration", "1h"),
            ConfigOverride.config("authenticationConfiguration.jwks.cacheDuration", "1h"));

    @BeforeAll
    static void createRealmAndStartTheApplication() throws Exception {
        KEYCLOAK.admin().createRealm(REALM);
        KEYCLOAK.admin().createPublicClient(REALM, CLIENT, ClientOptions.defaults().withDirectAccessGrants(true));
        KEYCLOAK.admin().createUser(REALM, USER, PASSWORD, USER + "@example.com");
        APP.before();
    }

    @AfterAll
    static void stopTheApplication() {
        APP.after();
    }

    @Test
    void aTokenSignedWithANewlyAddedRealmKeyIsAcceptedAfterExactlyOneFetch() throws Exception {
        final String before = accessToken();
        assertThat(statusOf(before)).isEqualTo(200);
        final long fetches = meter("fetches");
        final long unknownKidRefetches = meter("unknown-kid-refetches");

        final String newKid = KEYCLOAK.admin().rotateRealmKey(REALM);
        final String after = accessToken();

        assertThat(kidOf(after)).isEqualTo(newKid).isNotEqualTo(kidOf(before));
        assertThat(statusOf(after)).isEqualTo(200);
        assertThat(statusOf(accessToken())).isEqualTo(200);
        assertThat(statusOf(before)).isEqualTo(200);
        assertThat(meter("fetches") - fetches).isEqualTo(1);
        assertThat(meter("unknown-kid-refetches") - unknownKidRefetches).isEqualTo(1);
    }

    private static String accessToken() {
        return KEYCLOAK.passwordGrant(REALM, CLIENT, USER, PASSWORD).accessToken();
    }

    private static int statusOf(String token) {
        try (Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/api/v1/users/loggedInUser")
                .register(BearerTokens.of(token)).request().get()) {
            return response.getStatus();
        }
    }

    private static long meter(String name) {
        return APP.getEnvironment().metrics().meter(MetricRegistry.name(JwksMetrics.PREFIX, name)).getCount();
    }

    private static String kidOf(String token) throws JoseException {
        final JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        return jws.getKeyIdHeaderValue();
    }
}
