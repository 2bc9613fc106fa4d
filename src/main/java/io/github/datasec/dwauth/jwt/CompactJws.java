package io.github.datasec.dwauth.jwt;

import java.util.Map;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;

/**
 * A token that passed {@link TokenShape}, its segments decoded once: the header read, and the
 * signing input kept as the ASCII bytes it already is, so that nothing is decoded or copied twice.
 * The claims are parsed only when asked for, once the signature holds, and only those asked for.
 */
final class CompactJws {
    private final TokenShape.Segments segments;
    private final Map<String, Object> header;

    private CompactJws(TokenShape.Segments segments, Map<String, Object> header) {
        this.segments = segments;
        this.header = header;
    }

    /** Reads the header of a token whose shape {@link TokenShape} accepted. */
    static CompactJws read(TokenShape.Segments segments) throws TokenRejectedException {
        return new CompactJws(segments, JoseJson.object(segments.header()));
    }

    Map<String, Object> header() {
        return header;
    }

    /** The header member {@code name} if it is a string, else null. */
    String headerString(String name) {
        return header.get(name) instanceof String text ? text : null;
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
