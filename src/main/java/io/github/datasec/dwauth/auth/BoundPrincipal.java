package io.github.datasec.dwauth.auth;

import io.github.datasec.dwauth.principal.OidcPrincipal;

/**
 * The caller of a verified token and the thumbprint of the DPoP key the token is bound to
 * ({@code cnf.jkt}), or null for a plain bearer token. A bound caller is trusted only once a
 * proof of that key has been checked for the request at hand.
 */
record BoundPrincipal(OidcPrincipal principal, String boundKeyThumbprint) {
    boolean isBound() {
        return boundKeyThumbprint != null;
    }
}
