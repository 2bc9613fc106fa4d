package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;

/** A token whose signature and claims passed every rule; claims are trustworthy only from here on. */
public record VerifiedToken(JwtClaims claims, String keyId, long expiresAtEpochSeconds) {
}
