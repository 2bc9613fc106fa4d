package io.github.datasec.dwauth.testing.keycloak;

import io.github.datasec.dwauth.testing.dpop.DpopKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that provides a real Keycloak with the given realms imported.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KeycloakExtension KEYCLOAK = KeycloakExtension.withRealms(Path.of("docker/realm-data-sec.json"));
 * }</pre>
 *
 * <p>All extensions of a JVM share one Keycloak: the first one to need it starts it (about half a
 * minute) and imports its realm files at startup; realm files that later extensions bring are
 * imported into the running server. Two different files for the same realm name are an error.
 * The server stops when the JVM exits, so realms, clients and users created by one test class are
 * visible to the next: give them names of their own.
 *
 * <p>Where a Docker engine runs, Keycloak runs in a container of {@code quay.io/keycloak/keycloak:26.4.7}, the version of the distribution zip.
 * Elsewhere it runs from an unpacked {@code org.keycloak:keycloak-quarkus-dist} zip named by the
 * system property {@code keycloak.home}; its log goes next to that folder, to {@code keycloak-server.log}.
 * The kit deletes that distribution's {@code data} folder before each start, so that every run begins
 * from the realm files: point {@code keycloak.home} only at a distribution unpacked for tests.
 *
 * <p>The accessors start the server on first use as well, so they may be called before JUnit's
 * {@code beforeAll}, e.g. from suppliers of Dropwizard configuration overrides.
 */
public final class KeycloakExtension implements BeforeAllCallback {

    /** System property naming the demo realm file; set by the build for integration tests. */
    public static final String REALM_FILE_PROPERTY = "keycloak.realmFile";

    private static final Path DEFAULT_DEMO_REALM_FILE = Path.of("docker", "realm-data-sec.json");

    private final List<Path> realmFiles;
    private volatile SharedKeycloak keycloak;

    private KeycloakExtension(List<Path> realmFiles) {
        this.realmFiles = realmFiles;
    }

    /** A Keycloak holding the realms of these files (Keycloak's realm export format). */
    public static KeycloakExtension withRealms(Path... realmFiles) {
        return new KeycloakExtension(List.of(realmFiles));
    }

    /** A Keycloak holding the demo realm {@code data-sec} of {@link #demoRealmFile()}. */
    public static KeycloakExtension demoRealm() {
        return withRealms(demoRealmFile());
    }

    /**
     * The demo realm's file: system property {@value #REALM_FILE_PROPERTY} if set, otherwise
     * {@code docker/realm-data-sec.json} relative to the working directory.
     */
    public static Path demoRealmFile() {
        String configured = System.getProperty(REALM_FILE_PROPERTY);
        return configured == null || configured.isBlank() ? DEFAULT_DEMO_REALM_FILE : Path.of(configured);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        keycloak();
    }

    /** Where Keycloak listens, without a trailing slash, e.g. {@code http://localhost:41234}. */
    public String baseUrl() {
        return keycloak().baseUrl();
    }

    /** The {@code iss} of the realm's tokens, e.g. {@code http://localhost:41234/realms/data-sec}. */
    public String issuer(String realm) {
        return baseUrl() + "/realms/" + KeycloakHttp.segment(realm);
    }

    /** The realm's JSON Web Key Set, which holds the public keys its tokens are signed with. */
    public String jwksUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/certs";
    }

    /** A client of the Admin REST API, acting as the server's bootstrap administrator. */
    public KeycloakAdmin admin() {
        return keycloak().admin();
    }

    /**
     * Logs a user in through the resource owner password grant, asking for scope {@code openid}.
     * The client must be public and allow direct access grants, such as one made by
     * {@link KeycloakAdmin#createPublicClient} with {@link ClientOptions#withDirectAccessGrants}.
     *
     * @throws IllegalStateException with Keycloak's answer if the grant is refused
     */
    public Tokens passwordGrant(String realm, String clientId, String username, String password) {
        return new TokenEndpoint(keycloak().http(), baseUrl()).passwordGrant(realm, clientId, username, password);
    }

    /**
     * As {@link #passwordGrant(String, String, String, String)}, with a DPoP proof of {@code key} on the
     * token request (RFC 9449 section 5), so the access token is bound to that key ({@code cnf.jkt}).
     */
    public Tokens passwordGrant(String realm, String clientId, String username, String password, DpopKey key) {
        return new TokenEndpoint(keycloak().http(), baseUrl()).passwordGrant(realm, clientId, username, password, key);
    }

    /**
     * Changes a user's email through the realm's Account REST API, acting as that user with their
     * own access token (which must name Keycloak's {@code account} service in {@code aud}, as the
     * tokens of a client with Keycloak's default scopes do), just as the user could in the Account Console.
     *
     * @throws IllegalStateException with Keycloak's answer if it refuses the change
     */
    public void updateOwnEmail(String realm, String accessToken, String email) {
        new AccountEndpoint(keycloak().http(), baseUrl()).updateEmail(realm, accessToken, email);
    }

    private SharedKeycloak keycloak() {
        SharedKeycloak current = keycloak;
        if (current == null) {
            current = SharedKeycloak.withRealms(realmFiles);
            keycloak = current;
        }
        return current;
    }
}
