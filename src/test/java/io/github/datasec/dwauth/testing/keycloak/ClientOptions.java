package io.github.datasec.dwauth.testing.keycloak;

import java.util.List;

/**
 * How {@link KeycloakAdmin#createPublicClient(String, String, ClientOptions)} sets up a public
 * OpenID Connect client. Start from {@link #defaults()} and change what the test needs; every
 * {@code with} method returns a new value.
 *
 * @param directAccessGrants whether the client may use the resource owner password grant
 * @param implicitFlow whether the client may use the implicit flow
 * @param redirectUris the exact redirect URIs Keycloak accepts for the client
 * @param webOrigins the CORS origins Keycloak allows for the client
 * @param audiences further client ids to put into the access token's {@code aud} claim
 * @param dpopBoundTokens whether the client requires DPoP-bound tokens (Keycloak's "Require DPoP bound tokens")
 */
public record ClientOptions(
        boolean directAccessGrants,
        boolean implicitFlow,
        List<String> redirectUris,
        List<String> webOrigins,
        List<String> audiences,
        boolean dpopBoundTokens) {

    public ClientOptions {
        redirectUris = List.copyOf(redirectUris);
        webOrigins = List.copyOf(webOrigins);
        audiences = List.copyOf(audiences);
    }

    /** A client with the standard (authorization code) flow only, no redirect URIs, origins or audiences. */
    public static ClientOptions defaults() {
        return new ClientOptions(false, false, List.of(), List.of(), List.of(), false);
    }

    public ClientOptions withDirectAccessGrants(boolean enabled) {
        return new ClientOptions(enabled, implicitFlow, redirectUris, webOrigins, audiences, dpopBoundTokens);
    }

    public ClientOptions withImplicitFlow(boolean enabled) {
        return new ClientOptions(directAccessGrants, enabled, redirectUris, webOrigins, audiences, dpopBoundTokens);
    }

    public ClientOptions withRedirectUris(String... uris) {
        return new ClientOptions(directAccessGrants, implicitFlow, List.of(uris), webOrigins, audiences, dpopBoundTokens);
    }

    public ClientOptions withWebOrigins(String... origins) {
        return new ClientOptions(directAccessGrants, implicitFlow, redirectUris, List.of(origins), audiences, dpopBoundTokens);
    }

    public ClientOptions withAudiences(String... clientIds) {
        return new ClientOptions(directAccessGrants, implicitFlow, redirectUris, webOrigins, List.of(clientIds), dpopBoundTokens);
    }

    /**
     * Requires DPoP-bound tokens: Keycloak then answers only token requests that carry a proof, and
     * its access tokens carry {@code cnf.jkt} and {@code typ: DPoP}.
     */
    public ClientOptions withDpopBoundTokens(boolean enabled) {
        return new ClientOptions(directAccessGrants, implicitFlow, redirectUris, webOrigins, audiences, enabled);
    }
}
