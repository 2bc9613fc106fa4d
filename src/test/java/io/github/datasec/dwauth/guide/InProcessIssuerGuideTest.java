package io.github.datasec.dwauth.guide;

import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InProcessIssuerGuideTest {

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @RegisterExtension
    static final DropwizardAppExtension<GuideConfiguration> APP = new DropwizardAppExtension<>(
            GuideApplication.class, ResourceHelpers.resourceFilePath("guide/test-config.yml"),
            ISSUER.configOverrides());

    @Test
    void adminsReadTheQuarterlyReport() {
        String token = ISSUER.token().username("alice").realmRoles("admin").sign();

        try (Response response = target("/reports/quarterly").register(BearerTokens.of(token)).request().get()) {
            assertEquals(200, response.getStatus());
            assertEquals("alice", response.readEntity(Map.class).get("preparedFor"));
        }
    }

    @Test
    void otherUsersMayNotReadTheQuarterlyReport() {
        String token = ISSUER.token().username("bob").sign();

        try (Response response = target("/reports/quarterly").register(BearerTokens.of(token)).request().get()) {
            assertEquals(403, response.getStatus());
        }
    }

    @Test
    void everySignedInUserReadsTheSummary() {
        String token = ISSUER.token().username("bob").sign();

        try (Response response = target("/reports/summary").register(BearerTokens.of(token)).request().get()) {
            assertEquals(200, response.getStatus());
            assertEquals("bob", response.readEntity(Map.class).get("preparedFor"));
        }
    }

    @Test
    void requestsWithoutATokenAreUnauthorized() {
        try (Response response = target("/reports/summary").request().get()) {
            assertEquals(401, response.getStatus());
        }
    }

    private static WebTarget target(String path) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + path);
    }
}
