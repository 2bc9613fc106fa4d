package io.github.datasec.dwauth.testing.keycloak;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.time.Duration;
import java.util.List;
import org.testcontainers.utility.MountableFile;

/** Keycloak in a container of the official image, for machines with a Docker engine. */
final class ContainerKeycloakServer implements KeycloakServer {

    static final String IMAGE = "quay.io/keycloak/keycloak:26.4.7";
    private static final String IMPORT_DIR = "/opt/keycloak/data/import/";
    private static final int READABLE_BY_ALL = 0644;

    private final KeycloakContainer container;

    private ContainerKeycloakServer(KeycloakContainer container) {
        this.container = container;
    }

    /** Starts the container, importing the realm files at startup, and waits until it serves. */
    static ContainerKeycloakServer start(List<RealmFile> realms) {
        KeycloakContainer container = new KeycloakContainer(IMAGE)
                .withAdminUsername(ADMIN_USERNAME)
                .withAdminPassword(ADMIN_PASSWORD)
                .withStartupTimeout(Duration.ofMinutes(3));
        for (RealmFile realm : realms) {
            container.withCopyFileToContainer(
                    MountableFile.forHostPath(realm.path(), READABLE_BY_ALL), IMPORT_DIR + realm.importFileName());
        }
        long started = System.nanoTime();
        container.start();
        ContainerKeycloakServer server = new ContainerKeycloakServer(container);
        System.out.println("Keycloak " + IMAGE.substring(IMAGE.lastIndexOf(':') + 1) + " (container " + IMAGE
                + ") ready at " + server.baseUrl() + " in "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        return server;
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void stop() {
        container.stop();
    }
}
