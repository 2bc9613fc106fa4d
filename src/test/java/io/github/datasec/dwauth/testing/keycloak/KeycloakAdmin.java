package io.github.datasec.dwauth.testing.keycloak;

import static io.github.datasec.dwauth.testing.keycloak.KeycloakHttp.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * A thin client over Keycloak's Admin REST API for changing realms while tests run. It acts as the
 * server's bootstrap administrator. Every answer outside 2xx throws an {@link IllegalStateException}
 * that carries Keycloak's status and body.
 *
 * <p>Obtain it from {@link KeycloakExtension#admin()}.
 */
public final class KeycloakAdmin {
    private static final String POST_LOGOUT_REDIRECT_URIS = "post.logout.redirect.uris";
    // Keycloak keeps list-valued client attributes in one string, joined like this.
    private static final String ATTRIBUTE_LIST_SEPARATOR = "##";

    private static final String KEY_PROVIDER_TYPE = "org.keycloak.keys.KeyProvider";

    private final AdminSession session;
    private final KeycloakHttp http;

    KeycloakAdmin(KeycloakHttp http, String baseUrl, String username, String password) {
        this.http = http;
        this.session = new AdminSession(http, baseUrl, username, password);
    }

    /** Imports a realm from a file in Keycloak's realm export format, as {@code --import-realm} would. */
    public void importRealm(Path realmFile) {
        try {
            session.post("", Files.readString(realmFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read realm file " + realmFile.toAbsolutePath(), e);
        }
    }

    /** Creates an empty, enabled realm that accepts plain HTTP, with Keycloak's default client scopes. */
    public void createRealm(String realm) {
        ObjectNode representation = object()
                .put("realm", realm)
                .put("enabled", true)
                .put("sslRequired", "none");
        session.post("", representation);
    }

    /**
     * Creates a public OpenID Connect client with Keycloak's default client scopes, so its tokens
     * carry {@code email}, {@code preferred_username} and {@code realm_access}.
     *
     * @return the client's internal id
     */
    public String createPublicClient(String realm, String clientId, ClientOptions options) {
        ObjectNode client = object()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("enabled", true)
                .put("publicClient", true)
                .put("standardFlowEnabled", true)
                .put("implicitFlowEnabled", options.implicitFlow())
                .put("directAccessGrantsEnabled", options.directAccessGrants());
        if (options.dpopBoundTokens()) {
            client.putObject("attributes").put("dpop.bound.access.tokens", "true");
        }
        options.redirectUris().forEach(client.putArray("redirectUris")::add);
        options.webOrigins().forEach(client.putArray("webOrigins")::add);
        ArrayNode mappers = client.putArray("protocolMappers");
        options.audiences().forEach(audience -> mappers.add(audienceMapper(audience)));
        return session.post(realmPath(realm) + "/clients", client);
    }

    /** Adds exact redirect URIs to an existing client, keeping those it has. */
    public void addRedirectUris(String realm, String clientId, String... uris) {
        addToClientList(realm, clientId, "redirectUris", uris);
    }

    /** Adds CORS origins to an existing client, keeping those it has. */
    public void addWebOrigins(String realm, String clientId, String... origins) {
        addToClientList(realm, clientId, "webOrigins", origins);
    }

    /**
     * Adds "valid post logout redirect URIs" to an existing client, keeping those it has; Keycloak
     * refuses a sign-out redirect to any other address.
     */
    public void addPostLogoutRedirectUris(String realm, String clientId, String... uris) {
        ObjectNode client = (ObjectNode) session.get(clientPath(realm, clientId));
        ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes");
        Set<String> merged = new LinkedHashSet<>();
        String existing = attributes.path(POST_LOGOUT_REDIRECT_URIS).asText("");
        if (!existing.isEmpty()) {
            merged.addAll(Arrays.asList(existing.split(ATTRIBUTE_LIST_SEPARATOR)));
        }
        merged.addAll(Arrays.asList(uris));
        attributes.put(POST_LOGOUT_REDIRECT_URIS, String.join(ATTRIBUTE_LIST_SEPARATOR, merged));
        session.put(clientPath(realm, clientId), client);
    }

    /**
     * Points a client's "Backchannel logout URL" at {@code url}, with the session id ({@code sid}) in the
     * logout token: Keycloak then calls it whenever a sign-in of that client ends on its side.
     */
    public void setBackchannelLogoutUrl(String realm, String clientId, String url) {
        ObjectNode client = (ObjectNode) session.get(clientPath(realm, clientId));
        ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes");
        attributes.put("backchannel.logout.url", url);
        attributes.put("backchannel.logout.session.required", "true");
        session.put(clientPath(realm, clientId), client);
    }

    /** Ends every Keycloak session of a user, as the admin console's "Sign out" does; back-channel logouts follow. */
    public void logoutUser(String realm, String username) {
        JsonNode matches = session.get(realmPath(realm) + "/users?exact=true&username=" + segment(username));
        session.post(realmPath(realm) + "/users/" + segment(single(matches, "user", username).path("id").asText()) + "/logout",
                object());
    }

    /** Deletes a client, given by its client id (not its internal id). */
    public void deleteClient(String realm, String clientId) {
        session.delete(clientPath(realm, clientId));
    }

    /** Creates a realm role. */
    public void createRealmRole(String realm, String role) {
        session.post(realmPath(realm) + "/roles", object().put("name", role));
    }

    /**
     * Creates an enabled user with a verified email, a permanent password, a first and last name
     * (so Keycloak's user profile asks for nothing at login), and the given existing realm roles.
     *
     * @return the user's id
     */
    public String createUser(String realm, String username, String password, String email, String... realmRoles) {
        ObjectNode user = object()
                .put("username", username)
                .put("enabled", true)
                .put("email", email)
                .put("emailVerified", true)
                .put("firstName", username)
                .put("lastName", "Test");
        user.putArray("credentials").addObject()
                .put("type", "password")
                .put("value", password)
                .put("temporary", false);
        String userId = session.post(realmPath(realm) + "/users", user);
        if (realmRoles.length > 0) {
            ArrayNode roles = http.mapper().createArrayNode();
            Arrays.stream(realmRoles).forEach(role -> roles.add(session.get(realmPath(realm) + "/roles/" + segment(role))));
            session.post(realmPath(realm) + "/users/" + segment(userId) + "/role-mappings/realm", roles);
        }
        return userId;
    }

    /**
     * Creates an enabled user like {@link #createUser}, but with an email Keycloak marks as not
     * verified, so its tokens say {@code email_verified: false}.
     *
     * @return the user's id
     */
    public String createUserWithUnverifiedEmail(String realm, String username, String password, String email) {
        String userId = createUser(realm, username, password, email);
        setEmailVerified(realm, userId, false);
        return userId;
    }

    /** Marks a user's current email as verified or not, as an administrator can in the Admin Console. */
    public void setEmailVerified(String realm, String userId, boolean verified) {
        String path = realmPath(realm) + "/users/" + segment(userId);
        ObjectNode user = (ObjectNode) session.get(path);
        user.put("emailVerified", verified);
        session.put(path, user);
    }

    /**
     * Adds an audience mapper to an existing client, so that its access tokens also name
     * {@code audience} (another client id) in {@code aud}.
     */
    public void addAudienceMapper(String realm, String clientId, String audience) {
        session.post(clientPath(realm, clientId) + "/protocol-mappers/models", audienceMapper(audience));
    }

    /** Deletes a user, given by its exact username. */
    public void deleteUser(String realm, String username) {
        JsonNode matches = session.get(realmPath(realm) + "/users?exact=true&username=" + segment(username));
        session.delete(realmPath(realm) + "/users/" + segment(single(matches, "user", username).path("id").asText()));
    }

    /**
     * Adds a generated RSA key with a higher priority than every existing key of the realm, so
     * Keycloak signs new tokens with it while the older keys stay in the realm's JWKS.
     *
     * @return the {@code kid} of the new RS256 key
     */
    public String rotateRealmKey(String realm) {
        JsonNode keys = session.get(realmPath(realm) + "/keys").path("keys");
        long highestPriority = StreamSupport.stream(keys.spliterator(), false)
                .mapToLong(key -> key.path("providerPriority").asLong())
                .max()
                .orElse(0);
        String realmId = session.get(realmPath(realm)).path("id").asText();
        ObjectNode component = object()
                .put("name", "rsa-rotated-" + (highestPriority + 1))
                .put("providerId", "rsa-generated")
                .put("providerType", KEY_PROVIDER_TYPE)
                .put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        config.putArray("priority").add(Long.toString(highestPriority + 1));
        config.putArray("algorithm").add("RS256");
        String componentId = session.post(realmPath(realm) + "/components", component);
        JsonNode rotated = session.get(realmPath(realm) + "/keys").path("keys");
        return StreamSupport.stream(rotated.spliterator(), false)
                .filter(key -> componentId.equals(key.path("providerId").asText()))
                .filter(key -> "RS256".equals(key.path("algorithm").asText()))
                .map(key -> key.path("kid").asText())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "Keycloak created key provider " + componentId + " in realm " + realm
                                + " but lists no RS256 key for it: " + rotated));
    }

    private void addToClientList(String realm, String clientId, String field, String... values) {
        ObjectNode client = (ObjectNode) session.get(clientPath(realm, clientId));
        Set<String> merged = new LinkedHashSet<>();
        client.path(field).forEach(existing -> merged.add(existing.asText()));
        merged.addAll(Arrays.asList(values));
        ArrayNode list = client.putArray(field);
        merged.forEach(list::add);
        session.put(clientPath(realm, clientId), client);
    }

    private String clientPath(String realm, String clientId) {
        JsonNode matches = session.get(realmPath(realm) + "/clients?clientId=" + segment(clientId));
        return realmPath(realm) + "/clients/" + segment(single(matches, "client", clientId).path("id").asText());
    }

    private ObjectNode audienceMapper(String audience) {
        ObjectNode mapper = object()
                .put("name", "audience " + audience)
                .put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper");
        mapper.putObject("config")
                .put("included.client.audience", audience)
                .put("access.token.claim", "true")
                .put("id.token.claim", "false")
                .put("introspection.token.claim", "true");
        return mapper;
    }

    private static JsonNode single(JsonNode matches, String kind, String name) {
        if (matches.size() != 1) {
            throw new IllegalStateException("Expected exactly one " + kind + " named " + name + " but Keycloak found " + matches.size());
        }
        return matches.get(0);
    }

    private static String realmPath(String realm) {
        return "/" + segment(realm);
    }

    private ObjectNode object() {
        return http.mapper().createObjectNode();
    }
}
