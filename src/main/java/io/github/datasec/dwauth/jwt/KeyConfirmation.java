package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The token's {@code cnf} claim (RFC 7800). Only a key thumbprint ({@code jkt}, RFC 9449) can be
 * honoured here; a token confirmed by anything else (an mTLS certificate, {@code x5t#S256}) is
 * refused rather than taken as a plain bearer token.
 */
final class KeyConfirmation implements ClaimValidator {
    static final String CLAIM = "cnf";
    private static final String THUMBPRINT = "jkt";
    // A SHA-256 thumbprint: 32 bytes, 43 base64url characters.
    private static final Pattern SHA256_THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Override
    public RejectionReason validate(JwtClaims claims, long now) {
        final Object cnf = claims.getClaimValue(CLAIM);
        // Bound by a confirmation method this server cannot check.
        return cnf == null || thumbprintOf(cnf) != null ? null : RejectionReason.INVALID_CLAIMS;
    }

    /** The thumbprint of a token that passed {@link #validate}, or null when it is not bound. */
    static String thumbprint(JwtClaims claims) {
        final Object cnf = claims.getClaimValue(CLAIM);
        return cnf == null ? null : thumbprintOf(cnf);
    }

    private static String thumbprintOf(Object cnf) {
        if (cnf instanceof Map<?, ?> members && members.size() == 1
                && members.get(THUMBPRINT) instanceof String jkt && SHA256_THUMBPRINT.matcher(jkt).matches()) {
            return jkt;
        }
        return null;
    }
}
