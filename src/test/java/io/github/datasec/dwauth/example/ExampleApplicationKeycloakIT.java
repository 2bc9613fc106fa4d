package io.github.datasec.dwauth.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The example application against a real Keycloak: tokens come from Keycloak itself. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExampleApplicationKeycloakIT {
    private static final String REALM = "data-sec";
    private static final String APP_CLIENT = "open-metadata";
    private static final String TEST_CLIENT = "example-it-direct";
    private static final String FOREIGN_CLIENT = "example-it-foreign";

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.withRealms(
            KeycloakExtension.demoRealmFile(), Path.of("src/test/resources/keycloak/realm-other.json"));

    static final DropwizardAppExtension<ExampleConfiguration> APP = ExampleAppAgainstKeycloak.app(KEYCLOAK, REALM);

    @BeforeAll
    static void createTestClients() {
        // A direct-grant client for tests only: its tokens name the app's client in aud, as an audience mapper does.
        KEYCLOAK.admin().createPublicClient(REALM, TEST_CLIENT,
                ClientOptions.defaults().withDirectAccessGrants(true).withAudiences(APP_CLIENT));
        KEYCLOAK.admin().createPublicClient(REALM, FOREIGN_CLIENT, ClientOptions.defaults().withDirectAccessGrants(true));
    }

    private static String accessToken(String client, String user, String password) {
        return KEYCLOAK.passwordGrant(REALM, client, user, password).accessToken();
    }

    private static Invocation.Builder call(String path) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + path).request();
    }

    private static Invocation.Builder call(String path, String token) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + path).register(BearerTokens.of(token)).request();
    }

    @Test
    void adminSeesThemselvesAsAdminAndMayPing() {
        final String token = accessToken(TEST_CLIENT, "admin-user", "admin-password");
        try (Response me = call("/api/v1/users/loggedInUser", token).get()) {
            assertThat(me.getStatus()).isEqualTo(200);
            final JsonNode user = me.readEntity(JsonNode.class);
            assertThat(user.get("name").asText()).isEqualTo("admin-user");
            assertThat(user.get("email").asText()).isEqualTo("admin-user@data-sec.example");
            assertThat(user.get("isAdmin").asBoolean()).isTrue();
            assertThat(user.get("roles").toString()).isEqualTo("[\"admin\"]");
        }
        try (Response ping = call("/api/v1/admin/ping", token).get()) {
            assertThat(ping.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void ordinaryUserIsAuthenticatedButForbiddenFromAdminEndpoints() {
        final String token = accessToken(TEST_CLIENT, "data-user", "data-password");
        try (Response me = call("/api/v1/users/loggedInUser", token).get()) {
            assertThat(me.getStatus()).isEqualTo(200);
            assertThat(me.readEntity(JsonNode.class).get("isAdmin").asBoolean()).isFalse();
        }
        try (Response ping = call("/api/v1/admin/ping", token).get()) {
            assertThat(ping.getStatus()).isEqualTo(403);
            assertThat(ping.readEntity(JsonNode.class).get("code").asInt()).isEqualTo(403);
        }
    }

    @Test
    void requestWithoutTokenGetsABearerChallengeAndJsonBody() {
        try (Response response = call("/api/v1/users/loggedInUser").get()) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                    .startsWith("Bearer realm=\"data-sec\"").contains("error=\"invalid_token\"");
            final JsonNode body = response.readEntity(JsonNode.class);
            assertThat(body.get("code").asInt()).isEqualTo(401);
            assertThat(body.get("message").asText()).isNotBlank();
        }
    }

    @Test
    void tokenFromAnotherRealmIsRefused() {
        final String token = KEYCLOAK.passwordGrant("other-realm", APP_CLIENT, "other-user", "other-password").accessToken();
        // Its realm signs with its own keys, so it fails at the key, before the issuer is even read.
        assertRefused(token, "Token is not signed by a known key");
    }

    @Test
    void tokenIssuedToAnotherClientIsRefused() {
        assertRefused(accessToken(FOREIGN_CLIENT, "admin-user", "admin-password"), "Token was issued for another client");
    }

    /**
     * Keycloak's ID token names the client it was issued to in {@code aud} and {@code azp}. An app whose
     * clientId is that client therefore passes it through every rule but the token type.
     */
    @Test
    void idTokenOfThisVeryClientIsRefusedForItsTypeAloneAndAcceptedWhenIdTokensAreAllowed() throws Exception {
        final String idToken = KEYCLOAK.passwordGrant(REALM, TEST_CLIENT, "admin-user", "admin-password").idToken();

        final DropwizardTestSupport<ExampleConfiguration> refusing = appFor(TEST_CLIENT, false);
        refusing.before();
        try (Response response = call(refusing, idToken)) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.readEntity(String.class)).contains("Token type is not accepted");
        } finally {
            refusing.after();
        }

        final DropwizardTestSupport<ExampleConfiguration> accepting = appFor(TEST_CLIENT, true);
        accepting.before();
        try (Response response = call(accepting, idToken)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(JsonNode.class).get("name").asText()).isEqualTo("admin-user");
        } finally {
            accepting.after();
        }
    }

    @Test
    void versionNeedsNoToken() {
        try (Response response = call("/api/v1/system/version").get()) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void jwksHealthCheckIsHealthyAndMetricsCountTheFetchAndTheAcceptedToken() {
        final long acceptedBefore = meterCount("oidc-auth.accepted");
        try (Response me = call("/api/v1/users/loggedInUser", accessToken(TEST_CLIENT, "admin-user", "admin-password")).get()) {
            assertThat(me.getStatus()).isEqualTo(200);
        }
        final JsonNode health = APP.client().target("http://localhost:" + APP.getAdminPort() + "/healthcheck")
                .request().get(JsonNode.class);
        assertThat(health.get("jwks").get("healthy").asBoolean()).isTrue();
        assertThat(meterCount("oidc-auth.accepted")).isEqualTo(acceptedBefore + 1);
        // The key set was fetched from Keycloak, and never failed to be.
        assertThat(meterCount("oidc-auth.jwks.fetches")).isGreaterThanOrEqualTo(1);
        assertThat(meterCount("oidc-auth.jwks.fetch-failures")).isZero();
    }

    private static long meterCount(String name) {
        final JsonNode metrics = APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics")
                .request().get(JsonNode.class);
        return metrics.path("meters").path(name).path("count").asLong(-1);
    }

    private static DropwizardTestSupport<ExampleConfiguration> appFor(String clientId, boolean acceptIdTokens) {
        return ExampleAppAgainstKeycloak.support(KEYCLOAK, REALM,
                ConfigOverride.config("authenticationConfiguration.clientId", clientId),
                ConfigOverride.config("authenticationConfiguration.tokenValidation.acceptIdTokens",
                        Boolean.toString(acceptIdTokens)));
    }

    private static Response call(DropwizardTestSupport<ExampleConfiguration> app, String token) {
        return APP.client().target("http://localhost:" + app.getLocalPort() + "/api/v1/users/loggedInUser")
                .register(BearerTokens.of(token)).request().get();
    }

    private static void assertRefused(String token, String message) {
        try (Response response = call("/api/v1/users/loggedInUser", token).get()) {
            assertThat(response.getStatus()).isEqualTo(401);
            final String body = response.readEntity(String.class);
            assertThat(body).doesNotContain(token).contains(message);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).doesNotContain(token);
        }
    }
}
