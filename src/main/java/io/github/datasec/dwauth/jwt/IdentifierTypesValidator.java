package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.ReservedClaimNames;

/**
 * {@code sub} and {@code jti}, when present, are strings (RFC 7519 sections 4.1.2 and 4.1.7): a principal named by a
 * number or an object is not one this server can name.
 */
final class IdentifierTypesValidator implements ClaimValidator {
    @Override
    public RejectionReason validate(JwtClaims claims, long now) {
        return stringOrAbsent(claims.getClaimValue(ReservedClaimNames.SUBJECT)) && stringOrAbsent(claims.getClaimValue(ReservedClaimNames.JWT_ID))
                ? null : RejectionReason.INVALID_CLAIMS;
    }

    private static boolean stringOrAbsent(Object value) {
        return value == null || value instanceof String;
    }
}
