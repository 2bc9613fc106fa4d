package io.github.datasec.dwauth.web;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The example application from {@code config.yaml}, pointed at the test Keycloak, on an application
 * port chosen up front: the port must be known before the app starts, because Keycloak only
 * redirects to registered URIs.
 */
final class AppUnderTest {
    static final String REALM = "data-sec";
    static final String CLIENT_ID = "open-metadata";

    private final String name;
    private final String responseType;
    private final String clientId;
    private final String dpop;
    private final int port;

    private AppUnderTest(String name, String responseType, String clientId, String dpop, int port) {
        this.name = name;
        this.responseType = responseType;
        this.clientId = clientId;
        this.dpop = dpop;
        this.port = port;
    }

    /** @param responseType the configured {@code responseType}: {@code id_token} (implicit) or {@code code} */
    static AppUnderTest onFreePort(String name, String responseType) {
        return onFreePort(name, responseType, CLIENT_ID, "allowed");
    }

    /** For a Keycloak client of the test's own and a {@code tokenValidation.dpop} mode. */
    static AppUnderTest onFreePort(String name, String responseType, String clientId, String dpop) {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new AppUnderTest(name, responseType, clientId, dpop, socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    String clientId() {
        return clientId;
    }

    String origin() {
        return "http://localhost:" + port;
    }

    String url(String path) {
        return origin() + path;
    }

    DropwizardAppExtension<ExampleConfiguration> extension(KeycloakExtension keycloak) {
        // Each app gets its own property prefix, so the overrides of one never leak into the other.
        return new DropwizardAppExtension<>(ExampleApplication.class,
                Path.of("config.yaml").toAbsolutePath().toString(), name,
                ConfigOverride.config(name, "server.applicationConnectors[0].port", Integer.toString(port)),
                ConfigOverride.config(name, "server.adminConnectors[0].port", "0"),
                ConfigOverride.config(name, "authenticationConfiguration.authority", () -> keycloak.issuer(REALM)),
                ConfigOverride.config(name, "authenticationConfiguration.publicKeyUrls", () -> keycloak.jwksUrl(REALM)),
                ConfigOverride.config(name, "authenticationConfiguration.clientId", clientId),
                ConfigOverride.config(name, "authenticationConfiguration.tokenValidation.dpop", dpop),
                ConfigOverride.config(name, "authenticationConfiguration.callbackUrl", url("/callback")),
                ConfigOverride.config(name, "authenticationConfiguration.responseType", responseType));
    }

    /** Lets the demo realm's SPA client redirect to, sign out to, and answer CORS requests from this app. */
    void registerWith(KeycloakExtension keycloak) {
        keycloak.admin().addRedirectUris(REALM, clientId, url("/callback"), url("/silent-callback"));
        keycloak.admin().addWebOrigins(REALM, clientId, origin());
        keycloak.admin().addPostLogoutRedirectUris(REALM, clientId, url("/"));
    }
}
