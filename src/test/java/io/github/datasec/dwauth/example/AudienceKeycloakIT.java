package io.github.datasec.dwauth.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audience rule against Keycloak's own tokens: a token of this client is accepted while its aud
 * names only Keycloak's account service, and refused once an audience mapper adds another API.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AudienceKeycloakIT {
    private static final String REALM = "data-sec";
    private static final String APP_CLIENT = "audience-it-app";
    private static final String OTHER_API = "audience-it-reports";

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    static final DropwizardAppExtension<ExampleConfiguration> APP = ExampleAppAgainstKeycloak.app(KEYCLOAK, REALM,
            ConfigOverride.config("authenticationConfiguration.clientId", APP_CLIENT));

    @BeforeAll
    static void createClients() {
        KEYCLOAK.admin().createPublicClient(REALM, OTHER_API, ClientOptions.defaults());
        KEYCLOAK.admin().createPublicClient(REALM, APP_CLIENT, ClientOptions.defaults().withDirectAccessGrants(true));
    }

    private static Response loggedInUser(String token) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + "/api/v1/users/loggedInUser")
                .register(BearerTokens.of(token)).request().get();
    }

    @Test
    void refusesATokenOfThisClientOnceAnAudienceMapperNamesAnotherApi() {
        final String accountOnly = KEYCLOAK.passwordGrant(REALM, APP_CLIENT, "data-user", "data-password").accessToken();
        try (Response response = loggedInUser(accountOnly)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }

        KEYCLOAK.admin().addAudienceMapper(REALM, APP_CLIENT, OTHER_API);
        final String forTheOtherApi = KEYCLOAK.passwordGrant(REALM, APP_CLIENT, "data-user", "data-password").accessToken();
        try (Response response = loggedInUser(forTheOtherApi)) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.readEntity(String.class)).contains("Token was issued for another client");
        }
        final JsonNode metrics = APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics")
                .request().get(JsonNode.class);
        assertThat(metrics.get("meters").get("oidc-auth.rejected.wrong-audience").get("count").asLong()).isEqualTo(1);
    }
}
