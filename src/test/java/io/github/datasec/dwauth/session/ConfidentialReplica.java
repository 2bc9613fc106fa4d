package io.github.datasec.dwauth.session;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica of the example application from {@code config.yaml} in confidential mode, with only
 * {@code AUTHENTICATION_CLIENT_TYPE=confidential}'s worth of change plus the test's addresses: its own
 * free port, the test Keycloak, and optionally a shared Redis. It can be stopped and started again on
 * the same port, as a restarted replica.
 */
final class ConfidentialReplica implements AutoCloseable {
    static final String REALM = "data-sec";
    static final String CLIENT = "open-metadata-server";

    private final String name;
    private final int port;
    private final KeycloakExtension keycloak;
    private final String redisUri;
    private final List<ConfigOverride> extra;
    private DropwizardTestSupport<ExampleConfiguration> app;

    private ConfidentialReplica(String name, int port, KeycloakExtension keycloak, String redisUri, List<ConfigOverride> extra) {
        this.name = name;
        this.port = port;
        this.keycloak = keycloak;
        this.redisUri = redisUri;
        this.extra = extra;
    }

    /** @param redisUri the shared Redis, or null for the default in-memory store */
    static ConfidentialReplica onFreePort(String name, KeycloakExtension keycloak, String redisUri, ConfigOverride... extra) {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new ConfidentialReplica(name, socket.getLocalPort(), keycloak, redisUri, List.of(extra));
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    String origin() {
        return "http://localhost:" + port;
    }

    String url(String path) {
        return origin() + path;
    }

    int adminPort() {
        return app.getAdminPort();
    }

    /** Lets the confidential client redirect to this replica and sign out back to it. */
    ConfidentialReplica registerWithKeycloak() {
        keycloak.admin().addRedirectUris(REALM, CLIENT, url("/callback"));
        keycloak.admin().addPostLogoutRedirectUris(REALM, CLIENT, url("/"));
        return this;
    }

    ConfidentialReplica start() throws Exception {
        final List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config(name, "server.applicationConnectors[0].port", Integer.toString(port)),
                ConfigOverride.config(name, "server.adminConnectors[0].port", "0"),
                ConfigOverride.config(name, "authenticationConfiguration.clientType", "confidential"),
                ConfigOverride.config(name, "authenticationConfiguration.authority", keycloak.issuer(REALM)),
                ConfigOverride.config(name, "authenticationConfiguration.publicKeyUrls", keycloak.jwksUrl(REALM)),
                ConfigOverride.config(name, "authenticationConfiguration.oidcConfiguration.discoveryUri",
                        keycloak.issuer(REALM) + "/.well-known/openid-configuration"),
                ConfigOverride.config(name, "authenticationConfiguration.oidcConfiguration.callbackUrl", url("/callback")),
                ConfigOverride.config(name, "authenticationConfiguration.oidcConfiguration.serverUrl", origin())));
        if (redisUri != null) {
            overrides.add(ConfigOverride.config(name, "authenticationConfiguration.sessions.store", "redis"));
            overrides.add(ConfigOverride.config(name, "authenticationConfiguration.sessions.redisUri", redisUri));
            overrides.add(ConfigOverride.config(name, "authenticationConfiguration.sessions.redisTimeout", "3s"));
        }
        overrides.addAll(extra);
        app = new DropwizardTestSupport<>(ExampleApplication.class, Path.of("config.yaml").toAbsolutePath().toString(),
                name, overrides.toArray(ConfigOverride[]::new));
        app.before();
        return this;
    }

    void stop() {
        if (app != null) {
            app.after();
            app = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
