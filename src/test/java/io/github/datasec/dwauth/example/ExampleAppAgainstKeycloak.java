package io.github.datasec.dwauth.example;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * The example application from {@code config.yaml} on ports of its own, trusting the test Keycloak's realm: its
 * issuer as {@code authority} and its key set as {@code publicKeyUrls}, both known only once Keycloak runs.
 */
public final class ExampleAppAgainstKeycloak {
    private ExampleAppAgainstKeycloak() {
    }

    /** @param overrides further settings of the test's own, applied after these */
    public static DropwizardAppExtension<ExampleConfiguration> app(KeycloakExtension keycloak, String realm, ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(support(keycloak, realm, overrides));
    }

    /** The same application for a test that starts and stops it by hand. */
    public static DropwizardTestSupport<ExampleConfiguration> support(KeycloakExtension keycloak, String realm, ConfigOverride... overrides) {
        final List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("authenticationConfiguration.authority", () -> keycloak.issuer(realm)),
                ConfigOverride.config("authenticationConfiguration.publicKeyUrls", () -> keycloak.jwksUrl(realm))));
        all.addAll(List.of(overrides));
        return new DropwizardTestSupport<>(ExampleApplication.class, "config.yaml", all.toArray(ConfigOverride[]::new));
    }
}
