package io.github.datasec.dwauth.guide;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakAdmin;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeycloakGuideIT {

    private static final String REALM = "reports";
    private static final String TEST_CLIENT = "reports-tests";

    @RegisterExtension
    static final KeycloakExtension KEYCLOAK =
            KeycloakExtension.withRealms(Path.of("src/test/resources/guide/realm-reports.json"));

    @RegisterExtension
    static final DropwizardAppExtension<GuideConfiguration> APP = new DropwizardAppExtension<>(
            GuideApplication.class, ResourceHelpers.resourceFilePath("guide/test-config.yml"),
            ConfigOverride.config("authenticationConfiguration.authority", () -> KEYCLOAK.issuer(REALM)),
            ConfigOverride.config("authenticationConfiguration.publicKeyUrls", () -> KEYCLOAK.jwksUrl(REALM)));

    @BeforeAll
    static void createTestClientAndUsers() {
        KeycloakAdmin admin = KEYCLOAK.admin();
        // Password logins for tests only; the audience mapper puts the app's clientId into the token's aud.
        admin.createPublicClient(REALM, TEST_CLIENT,
                ClientOptions.defaults().withDirectAccessGrants(true).withAudiences("reports-app"));
        admin.createUser(REALM, "alice", "alice-password", "alice@reports.example", "admin");
        admin.createUser(REALM, "bob", "bob-password", "bob@reports.example");
    }

    @Test
    void adminsReadTheQuarterlyReport() {
        String token = KEYCLOAK.passwordGrant(REALM, TEST_CLIENT, "alice", "alice-password").accessToken();

        try (Response response = target("/reports/quarterly").register(BearerTokens.of(token)).request().get()) {
            assertEquals(200, response.getStatus());
            assertEquals("alice", response.readEntity(Map.class).get("preparedFor"));
        }
    }

    @Test
    void otherUsersMayNotReadTheQuarterlyReport() {
        String token = KEYCLOAK.passwordGrant(REALM, TEST_CLIENT, "bob", "bob-password").accessToken();

        try (Response response = target("/reports/quarterly").register(BearerTokens.of(token)).request().get()) {
            assertEquals(403, response.getStatus());
        }
    }

    private static WebTarget target(String path) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + path);
    }
}
