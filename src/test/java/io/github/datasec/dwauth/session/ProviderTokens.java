package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.ClientType;
import io.github.datasec.dwauth.config.ConfigurationRules;
import io.github.datasec.dwauth.config.OidcClientConfiguration;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;

import java.util.Map;

/** A confidential-mode configuration against the in-process issuer, for tokens Keycloak would never send. */
final class ProviderTokens {
    private ProviderTokens() {
    }

    static AuthenticationConfiguration confidentialConfigFor(InProcessIssuer issuer) {
        final AuthenticationConfiguration config = IssuerAuthentication.configFor(issuer)
                .setClientType(ClientType.CONFIDENTIAL)
                .setOidcConfiguration(new OidcClientConfiguration()
                        .setId(issuer.clientId())
                        .setSecret("unit-test-secret")
                        .setDiscoveryUri(issuer.discoveryUrl())
                        .setCallbackUrl("http://localhost:8585/callback")
                        .setServerUrl("http://localhost:8585")
                        .setCustomParams(Map.of()));
        ConfigurationRules.requireValid(config, new io.github.datasec.dwauth.config.AuthorizerConfiguration());
        return config;
    }

    static CodeFlowSettings settingsFor(InProcessIssuer issuer) {
        return CodeFlowSettings.from(confidentialConfigFor(issuer));
    }
}
