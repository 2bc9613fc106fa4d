package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;

/**
 * A token whose signature and claims passed every rule; claims are trustworthy only from here on.
 * {@code claims} holds the claims the rules read and those the verifier was asked to keep (see
 * {@link TokenVerifier}), not every claim of the token.
 * {@code boundKeyThumbprint} is the token's {@code cnf.jkt} (RFC 9449 section 6), or null for a
 * plain bearer token; a bound token is worth nothing without a proof of that key.
 */
public record VerifiedToken(JwtClaims claims, String keyId, long expiresAtEpochSeconds, String boundKeyThumbprint) {
    public boolean isBound() {
        return boundKeyThumbprint != null;
    }
}
