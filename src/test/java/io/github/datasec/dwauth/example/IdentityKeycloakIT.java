package io.github.datasec.dwauth.example;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity attacks a user of the demo realm can make with Keycloak's defaults, against the example
 * application with its own config.yaml ({@code adminPrincipals: [admin-user]}, {@code principalDomain: data-sec.example}).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IdentityKeycloakIT {
    private static final String REALM = "data-sec";
    private static final String TEST_CLIENT = "identity-it-direct";
    private static final String PASSWORD = "identity-password";

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    static final DropwizardAppExtension<ExampleConfiguration> APP = ExampleAppAgainstKeycloak.app(KEYCLOAK, REALM);

    @BeforeAll
    static void createTestClient() {
        // Direct grants for the test only; its tokens name the app's client in aud, as an audience mapper does.
        KEYCLOAK.admin().createPublicClient(REALM, TEST_CLIENT,
                ClientOptions.defaults().withDirectAccessGrants(true).withAudiences("open-metadata"));
    }

    private static String accessToken(String username) {
        return KEYCLOAK.passwordGrant(REALM, TEST_CLIENT, username, PASSWORD).accessToken();
    }

    private static JsonNode loggedInUser(String token) {
        try (Response me = APP.client().target("http://localhost:" + APP.getLocalPort() + "/api/v1/users/loggedInUser")
                .register(BearerTokens.of(token)).request().get()) {
            assertThat(me.getStatus()).isEqualTo(200);
            return me.readEntity(JsonNode.class);
        }
    }

    private static int adminPing(String token) {
        try (Response ping = APP.client().target("http://localhost:" + APP.getLocalPort() + "/api/v1/admin/ping")
                .register(BearerTokens.of(token)).request().get()) {
            return ping.getStatus();
        }
    }

    @Test
    void aUserWhoEditsTheirEmailToTheAdminNameInAnotherDomainIsNotAdmin() {
        final String userId = KEYCLOAK.admin().createUser(REALM, "identity-mallory", PASSWORD, "identity-mallory@data-sec.example");
        KEYCLOAK.updateOwnEmail(REALM, accessToken("identity-mallory"), "admin-user@elsewhere.test");

        final String edited = accessToken("identity-mallory");
        // Keycloak marks an address the user typed as unverified, so the next claim, the user name, decides.
        assertThat(loggedInUser(edited).get("name").asText()).isEqualTo("identity-mallory");
        assertThat(loggedInUser(edited).get("isAdmin").asBoolean()).isFalse();
        assertThat(adminPing(edited)).isEqualTo(403);

        // Even once an administrator verifies it, the address is of another domain and stays whole.
        KEYCLOAK.admin().setEmailVerified(REALM, userId, true);
        final String verified = accessToken("identity-mallory");
        assertThat(loggedInUser(verified).get("name").asText()).isEqualTo("admin-user@elsewhere.test");
        assertThat(loggedInUser(verified).get("isAdmin").asBoolean()).isFalse();
        assertThat(adminPing(verified)).isEqualTo(403);
    }

    @Test
    void anUnverifiedEmailInThePrincipalDomainIsNotTheUsersName() {
        KEYCLOAK.admin().createUserWithUnverifiedEmail(REALM, "identity-unverified", PASSWORD, "identity-claimed@data-sec.example");
        final JsonNode user = loggedInUser(accessToken("identity-unverified"));
        assertThat(user.get("name").asText()).isEqualTo("identity-unverified");
        assertThat(user.get("email").asText()).isEmpty();
        assertThat(user.get("isAdmin").asBoolean()).isFalse();
    }

    @Test
    void aUserNameWithAnAtSignNeverGivesItsLocalPart() {
        final String userId = KEYCLOAK.admin().createUserWithUnverifiedEmail(REALM, "admin-user@data-sec.test", PASSWORD, "identity-at@data-sec.example");
        final String token = accessToken("admin-user@data-sec.test");
        // With the email unverified, an address-shaped user name is no identity either: the subject names the user.
        assertThat(loggedInUser(token).get("name").asText()).isEqualTo(userId);
        assertThat(adminPing(token)).isEqualTo(403);
    }

    @Test
    void twoDistinctKeycloakUsersNeverShareAPrincipal() {
        KEYCLOAK.admin().createUser(REALM, "identity-alice", PASSWORD, "alice@data-sec.example");
        KEYCLOAK.admin().createUser(REALM, "identity-alice-abroad", PASSWORD, "alice@elsewhere.test");
        KEYCLOAK.admin().createUserWithUnverifiedEmail(REALM, "identity-alice-claimed", PASSWORD, "alice-claimed@data-sec.example");
        final String atSignId = KEYCLOAK.admin().createUserWithUnverifiedEmail(REALM, "alice@data-sec.test", PASSWORD, "alice-at@data-sec.example");
        final List<String> names = List.of("identity-alice", "identity-alice-abroad", "identity-alice-claimed", "alice@data-sec.test")
                .stream().map(username -> loggedInUser(accessToken(username)).get("name").asText()).toList();
        assertThat(names).containsExactly("alice", "alice@elsewhere.test", "identity-alice-claimed", atSignId);
    }
}
