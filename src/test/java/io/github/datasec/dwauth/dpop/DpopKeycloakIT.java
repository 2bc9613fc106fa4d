package io.github.datasec.dwauth.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.github.datasec.dwauth.example.ExampleAppAgainstKeycloak;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.client.DpopTokens;
import io.github.datasec.dwauth.testing.dpop.DpopKey;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DPoP end to end with a real Keycloak: a client that requires DPoP-bound tokens gets, for a token
 * request with a proof, an access token bound to the proof's key; the example application takes
 * it only with fresh proofs of that key, with DPoP required.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(180)
class DpopKeycloakIT {
    private static final String REALM = "data-sec";
    private static final String APP_CLIENT = "open-metadata";
    private static final String DPOP_CLIENT = "dpop-it-direct";
    private static final String LOGGED_IN_USER = "/api/v1/users/loggedInUser";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    static final DropwizardAppExtension<ExampleConfiguration> APP = ExampleAppAgainstKeycloak.app(KEYCLOAK, REALM,
            ConfigOverride.config("authenticationConfiguration.tokenValidation.dpop", "required"));

    private final DpopKey key = DpopKey.generate();

    @BeforeAll
    static void createDpopClient() {
        KEYCLOAK.admin().createPublicClient(REALM, DPOP_CLIENT, ClientOptions.defaults()
                .withDirectAccessGrants(true).withAudiences(APP_CLIENT).withDpopBoundTokens(true));
    }

    @Test
    void keycloakBindsTheAccessTokenToTheProofKey() throws Exception {
        final JsonNode claims = payload(boundToken());

        assertThat(claims.path("cnf").path("jkt").asText()).isEqualTo(key.thumbprint());
        assertThat(claims.path("typ").asText()).isEqualTo("DPoP");
    }

    @Test
    void keycloakRefusesATokenRequestWithoutProofForThisClient() {
        assertThatThrownBy(() -> KEYCLOAK.passwordGrant(REALM, DPOP_CLIENT, "data-user", "data-password"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("400");
    }

    @Test
    void theApiAcceptsTheBoundTokenWithFreshProofs() {
        final String token = boundToken();
        for (int i = 0; i < 2; i++) {
            try (Response response = APP.client().target(url(LOGGED_IN_USER)).register(DpopTokens.of(token, key)).request().get()) {
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.readEntity(JsonNode.class).get("name").asText()).isEqualTo("data-user");
            }
        }
    }

    @Test
    void theApiRefusesTheBoundTokenWithoutAValidProof() throws Exception {
        final String token = boundToken();
        final String proof = key.proof("GET", url(LOGGED_IN_USER)).accessToken(token).sign();
        assertThat(get("DPoP " + token, proof).statusCode()).isEqualTo(200);

        assertRefused(get("DPoP " + token, proof), "DPoP proof was already used");
        assertRefused(get("Bearer " + token, null), "DPoP-bound token required");
        assertRefused(get("DPoP " + token, null), "DPoP proof required");
        assertRefused(get("DPoP " + token, DpopKey.generate().proof("GET", url(LOGGED_IN_USER)).accessToken(token).sign()),
                "DPoP proof is signed by another key than the token is bound to");
        assertRefused(get("DPoP " + token, key.proof("GET", url("/api/v1/admin/ping")).accessToken(token).sign()),
                "DPoP proof is for another URI");
        assertRefused(get("DPoP " + token, key.proof("POST", url(LOGGED_IN_USER)).accessToken(token).sign()),
                "DPoP proof is for another HTTP method");
    }

    private String boundToken() {
        return KEYCLOAK.passwordGrant(REALM, DPOP_CLIENT, "data-user", "data-password", key).accessToken();
    }

    private static void assertRefused(HttpResponse<String> response, String description) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .startsWith("DPoP algs=").contains("error_description=\"" + description + "\""));
    }

    private static HttpResponse<String> get(String authorization, String proof) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(LOGGED_IN_USER)))
                .timeout(Duration.ofSeconds(10)).header("Authorization", authorization);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String url(String path) {
        return "http://localhost:" + APP.getLocalPort() + path;
    }
}
