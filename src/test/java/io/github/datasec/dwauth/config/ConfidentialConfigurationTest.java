package io.github.datasec.dwauth.config;

import io.dropwizard.configuration.ConfigurationException;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** clientType: confidential with OpenMetadata's oidcConfiguration, and the sessions block. */
class ConfidentialConfigurationTest {
    private static final String CONFIDENTIAL = """
            authenticationConfiguration:
              publicKeyUrls: [http://localhost:8081/realms/data-sec/protocol/openid-connect/certs]
              authority: http://localhost:8081/realms/data-sec
              clientId: open-metadata
              clientType: confidential
              oidcConfiguration:
                id: open-metadata-server
                secret: s3cr3t-value
                discoveryUri: http://localhost:8081/realms/data-sec/.well-known/openid-configuration
                callbackUrl: http://localhost:8585/callback
                serverUrl: http://localhost:8585
                clientAuthenticationMethod: client_secret_basic
            authorizerConfiguration:
              adminPrincipals: [admin-user]
            """;

    private static ExampleConfiguration load(String yaml) throws Exception {
        return YamlConfigs.load(yaml);
    }

    private static String with(String field, String value) {
        return YamlConfigs.withValue(CONFIDENTIAL, field, value);
    }

    @Test
    void loadsACopiedOpenMetadataConfidentialBlock() throws Exception {
        final AuthenticationConfiguration auth = load(CONFIDENTIAL).getAuthenticationConfiguration();

        assertThat(auth.getClientType()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(auth.getOidcConfiguration().getId()).isEqualTo("open-metadata-server");
        assertThat(auth.getSessions().getStore()).isEqualTo(SessionStoreType.MEMORY);
        assertThat(auth.getSessions().getMaxActiveSessionsPerUser()).isEqualTo(10);
        assertThat(auth.getSessions().getIdleTimeout().toMinutes()).isEqualTo(60);
    }

    @Test
    void neverPrintsTheSecret() throws Exception {
        final AuthenticationConfiguration auth = load(CONFIDENTIAL).getAuthenticationConfiguration();

        assertThat(auth.getOidcConfiguration().toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void ignoresAnIncompleteOidcBlockInPublicMode() throws Exception {
        final String yaml = with("clientType", "public").replace("    secret: s3cr3t-value\n", "")
                .replace("    discoveryUri: http://localhost:8081/realms/data-sec/.well-known/openid-configuration\n", "");

        assertThat(load(yaml).getAuthenticationConfiguration().getClientType()).isEqualTo(ClientType.PUBLIC);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "id|''|authenticationConfiguration.oidcConfiguration.id must name the confidential client",
            "secret|''|authenticationConfiguration.oidcConfiguration.secret must be set for client_secret_basic",
            "clientAuthenticationMethod|private_key_jwt|authenticationConfiguration.oidcConfiguration.clientAuthenticationMethod 'private_key_jwt' is not supported",
            "discoveryUri|''|authenticationConfiguration.oidcConfiguration.discoveryUri must be set in confidential mode",
            "discoveryUri|http://keycloak.example/realms/x/.well-known/openid-configuration|authenticationConfiguration.oidcConfiguration.discoveryUri uses plain http for a host other than loopback",
            "callbackUrl|''|authenticationConfiguration.oidcConfiguration.callbackUrl must be set in confidential mode",
            "callbackUrl|http://localhost:9999/callback|authenticationConfiguration.oidcConfiguration.callbackUrl must be on the origin of oidcConfiguration.serverUrl",
            "callbackUrl|http://localhost:8585/callback?x=1|authenticationConfiguration.oidcConfiguration.callbackUrl must have no query or fragment",
            "serverUrl|not-a-url|authenticationConfiguration.oidcConfiguration.serverUrl is not an absolute http(s) URL",
            "serverUrl|http://app.example.com|authenticationConfiguration.oidcConfiguration.serverUrl uses plain http for a host other than loopback",
            "serverUrl|http://localhost:8585/app|authenticationConfiguration.oidcConfiguration.serverUrl must be this application's origin only",
    })
    void refusesAnIncompleteOrContradictoryClientNamingTheField(String field, String value, String message) {
        assertThatThrownBy(() -> load(with(field, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "scope|profile email|authenticationConfiguration.oidcConfiguration.scope must contain openid",
            "responseType|id_token|authenticationConfiguration.oidcConfiguration.responseType must be code",
            "sessionExpiry|'forever'|authenticationConfiguration.oidcConfiguration.sessionExpiry must be a whole number of seconds",
            "sessionExpiry|'10'|authenticationConfiguration.oidcConfiguration.sessionExpiry must be between 60 and 31622400 seconds",
            "maxAge|'-1'|authenticationConfiguration.oidcConfiguration.maxAge must be between 0",
            "maxClockSkew|'900'|authenticationConfiguration.oidcConfiguration.maxClockSkew must be between 0 and 300 seconds",
    })
    void refusesBadFlowSettingsNamingTheField(String field, String value, String message) {
        final String yaml = CONFIDENTIAL.replace("    id: open-metadata-server\n", "    id: open-metadata-server\n    " + field + ": " + value + "\n");

        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|authenticationConfiguration.sessions.redisUri must be set when sessions.store is redis",
            "http://127.0.0.1:6379|authenticationConfiguration.sessions.redisUri must look like redis://host:port",
    })
    void refusesARedisStoreWithoutAUsableAddress(String uri, String message) {
        final String yaml = CONFIDENTIAL.replace("authorizerConfiguration:",
                "  sessions:\n    store: redis\n    redisUri: " + uri + "\nauthorizerConfiguration:");

        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }

    @Test
    void refusesAnUnknownStore() {
        final String yaml = CONFIDENTIAL.replace("authorizerConfiguration:", "  sessions:\n    store: disk\nauthorizerConfiguration:");

        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigurationException.class).hasMessageContaining("expected memory or redis");
    }

    @Test
    void acceptsARedisStore() throws Exception {
        final String yaml = CONFIDENTIAL.replace("authorizerConfiguration:",
                "  sessions:\n    store: redis\n    redisUri: redis://10.0.0.5:6379/2\nauthorizerConfiguration:");

        assertThat(load(yaml).getAuthenticationConfiguration().getSessions().getStore()).isEqualTo(SessionStoreType.REDIS);
    }
}
