package io.github.datasec.dwauth.testing.keycloak;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * The one Keycloak of this JVM. The first request starts it with that request's realm files;
 * later requests for further realms import them through the Admin REST API, so the order in which
 * test classes run does not matter. It stops when the JVM exits.
 */
final class SharedKeycloak {

    /** System property naming an unpacked Keycloak distribution, used where no Docker engine runs. */
    static final String HOME_PROPERTY = "keycloak.home";

    /** System property naming Keycloak's distribution zip; when set, the kit unpacks it into {@value #HOME_PROPERTY}. */
    static final String ZIP_PROPERTY = "keycloak.distributionZip";

    private static SharedKeycloak instance;

    private final KeycloakServer server;
    private final KeycloakHttp http;
    private final KeycloakAdmin admin;
    private final Map<String, RealmFile> realms = new LinkedHashMap<>();

    private SharedKeycloak(KeycloakServer server, KeycloakHttp http, List<RealmFile> imported) {
        this.server = server;
        this.http = http;
        this.admin = new KeycloakAdmin(http, server.baseUrl(), KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
        imported.forEach(realm -> realms.put(realm.realm(), realm));
    }

    /** Returns the JVM's Keycloak, started if need be, holding every realm of the given files. */
    static synchronized SharedKeycloak withRealms(List<Path> realmFiles) {
        List<RealmFile> wanted = realmFiles.stream().map(RealmFile::read).toList();
        if (instance == null) {
            instance = start(wanted);
        }
        instance.importMissing(wanted);
        return instance;
    }

    String baseUrl() {
        return server.baseUrl();
    }

    KeycloakHttp http() {
        return http;
    }

    KeycloakAdmin admin() {
        return admin;
    }

    private static SharedKeycloak start(List<RealmFile> realms) {
        List<RealmFile> distinct = distinctRealms(realms);
        KeycloakHttp http = new KeycloakHttp();
        KeycloakServer server = DockerClientFactory.instance().isDockerAvailable()
                ? ContainerKeycloakServer.start(distinct)
                : DistributionKeycloakServer.start(distributionHome(), distinct, http);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
        return new SharedKeycloak(server, http, distinct);
    }

    private void importMissing(List<RealmFile> wanted) {
        for (RealmFile realm : wanted) {
            RealmFile present = realms.get(realm.realm());
            if (present == null) {
                admin.importRealm(realm.path());
                realms.put(realm.realm(), realm);
            } else if (!present.sameContentAs(realm)) {
                throw new IllegalStateException("Realm " + realm.realm() + " already runs from " + present.path()
                        + ", which differs from " + realm.path() + "; give each realm file its own realm name");
            }
        }
    }

    private static List<RealmFile> distinctRealms(List<RealmFile> realms) {
        Map<String, RealmFile> byName = new LinkedHashMap<>();
        for (RealmFile realm : realms) {
            RealmFile clash = byName.putIfAbsent(realm.realm(), realm);
            if (clash != null && !clash.sameContentAs(realm)) {
                throw new IllegalStateException("Realm files " + clash.path() + " and " + realm.path()
                        + " both define realm " + realm.realm());
            }
        }
        return List.copyOf(byName.values());
    }

    private static Path distributionHome() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("No Docker engine is available and system property " + HOME_PROPERTY
                    + " is not set. Run the integration tests with `mvn verify`, which sets it and " + ZIP_PROPERTY
                    + ", or pass -D" + HOME_PROPERTY + "=<folder of an unpacked org.keycloak:keycloak-quarkus-dist zip>.");
        }
        Path folder = Path.of(home).toAbsolutePath().normalize();
        String zip = System.getProperty(ZIP_PROPERTY);
        return zip == null || zip.isBlank() ? folder : KeycloakDistribution.ensureUnpacked(Path.of(zip), folder);
    }
}
