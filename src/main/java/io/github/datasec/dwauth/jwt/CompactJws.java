package io.github.datasec.dwauth.jwt;

import java.util.Set;

import org.jose4j.jwt.JwtClaims;

/**
 * A token that passed {@link TokenShape}, its segments decoded once and the signing input kept as
 * the ASCII bytes it already is, so that nothing is decoded or copied twice. The claims are parsed
 * only when asked for, once the signature holds, and only those asked for.
 */
final class CompactJws {
    private final TokenShape.Segments segments;

    CompactJws(TokenShape.Segments segments) {
        this.segments = segments;
    }

    /** The decoded header, for {@link CheckedHeaders}. */
    byte[] header() {
        return segments.header();
    }

    /** The claims named in {@code kept}; every other member is held to the same limits, then skipped. */
    JwtClaims claims(Set<String> kept) throws TokenRejectedException {
        final JwtClaims claims = new JwtClaims();
        JoseJson.readObject(segments.payload(), kept::contains, claims::setClaim);
        return claims;
    }

    /** The token as ASCII bytes; its first {@link #signingInputLength()} bytes are what the signature covers. */
    byte[] ascii() {
        return segments.ascii();
    }

    int signingInputLength() {
        return segments.signingInputLength();
    }

    byte[] signature() {
        return segments.signature();
    }
}
