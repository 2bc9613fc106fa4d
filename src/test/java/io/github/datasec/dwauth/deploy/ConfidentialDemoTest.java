package io.github.datasec.dwauth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.ClientType;
import io.github.datasec.dwauth.config.OidcClientConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo in confidential mode takes one variable: config.yaml's defaults and the demo realm agree. */
class ConfidentialDemoTest {
    private static final Path REALM = Path.of("docker/realm-data-sec.json");

    @Test
    void oneVariableTurnsTheDemoIntoConfidentialModeAgainstTheRealmsConfidentialClient() throws Exception {
        final AuthenticationConfiguration auth = ConfigYaml.load(Map.of("AUTHENTICATION_CLIENT_TYPE", "confidential"))
                .getAuthenticationConfiguration();
        final OidcClientConfiguration oidc = auth.getOidcConfiguration();
        final JsonNode client = realmClient(oidc.getId());

        assertThat(auth.getClientType()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(client.path("publicClient").asBoolean(true)).isFalse();
        assertThat(client.path("secret").asText()).isEqualTo(oidc.getSecret());
        assertThat(client.path("redirectUris").toString()).contains("\"" + oidc.getCallbackUrl() + "\"");
        assertThat(client.path("attributes").path("post.logout.redirect.uris").asText()).isEqualTo(oidc.getServerUrl() + "/");
        assertThat(client.path("attributes").path("backchannel.logout.url").asText())
                .isEqualTo(oidc.getServerUrl() + "/api/v1/auth/backchannel-logout");
        assertThat(oidc.getDiscoveryUri()).isEqualTo(auth.getAuthority() + "/.well-known/openid-configuration");
        // The bundle verifies the session's access token like any bearer token: it must name clientId.
        assertThat(client.path("protocolMappers").toString())
                .contains("oidc-audience-mapper").contains("\"included.client.audience\":\"" + auth.getClientId() + "\"");
    }

    @Test
    void theDemoSecretIsMarkedAsDemoOnly() throws Exception {
        assertThat(ConfigYaml.load(Map.of()).getAuthenticationConfiguration().getOidcConfiguration().getSecret())
                .startsWith("demo-only");
    }

    private static JsonNode realmClient(String clientId) throws Exception {
        final JsonNode clients = new ObjectMapper().readTree(REALM.toFile()).path("clients");
        return StreamSupport.stream(clients.spliterator(), false)
                .filter(c -> clientId.equals(c.path("clientId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no client " + clientId + " in " + REALM));
    }
}
