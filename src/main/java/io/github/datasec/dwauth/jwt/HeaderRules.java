package io.github.datasec.dwauth.jwt;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Header rules applied before any key lookup or signature work (RFC 8725 sections 3.1 and 3.10).
 */
final class HeaderRules {
    /**
     * Headers that would let the token choose its own key or change how it is processed: keys are
     * only ever taken from the configured key sets, and no extension is understood, so any
     * {@code crit} is refused (RFC 7515 section 4.1.11), as is unencoded payload ({@code b64}).
     */
    private static final List<String> REFUSED = List.of("jwk", "jku", "x5u", "x5c", "crit", "b64", "zip", "cty", "enc", "epk");
    private static final List<String> ACCEPTED_TYP = List.of("jwt", "at+jwt", "application/jwt", "application/at+jwt");
    private static final int MAX_KID_LENGTH = 256;

    private final Set<String> allowedAlgorithms;

    HeaderRules(Set<String> allowedAlgorithms) {
        this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
    }

    void check(Map<String, Object> headers) throws TokenRejectedException {
        final Object alg = headers.get("alg");
        // Exact, case-sensitive match: "none", "None", "HS256" and anything else unlisted are refused.
        if (!(alg instanceof String) || !allowedAlgorithms.contains(alg)) {
            throw new TokenRejectedException(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
        for (String name : REFUSED) {
            if (headers.get(name) != null) {
                throw new TokenRejectedException(RejectionReason.HEADER_NOT_ALLOWED);
            }
        }
        final Object typ = headers.get("typ");
        if (typ != null && !(typ instanceof String text && isAcceptedType(text))) {
            throw new TokenRejectedException(RejectionReason.HEADER_NOT_ALLOWED);
        }
        final Object kid = headers.get("kid");
        if (kid != null && !(kid instanceof String text && isPlainKid(text))) {
            throw new TokenRejectedException(RejectionReason.HEADER_NOT_ALLOWED);
        }
    }

    /**
     * Media types compare without regard to case (RFC 7515 section 4.1.9), in ASCII only: Java's own
     * case-blind comparison would take a dotless 'ı' for an 'i'.
     */
    private static boolean isAcceptedType(String typ) {
        for (String accepted : ACCEPTED_TYP) {
            if (equalsAsciiLowerCase(typ, accepted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsAsciiLowerCase(String text, String lowerCase) {
        if (text.length() != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainKid(String kid) {
        if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
            return false;
        }
        for (int i = 0; i < kid.length(); i++) {
            final char c = kid.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
