package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/**
 * RFC 7519 sections 4.1.4 to 4.1.6, within the clock skew: {@code exp} is required and still ahead, {@code nbf}
 * already reached, {@code iat} not in the future; {@code exp} before {@code iat} or {@code nbf} is a contradiction.
 * The same rules, in the same order, as jose4j's {@code NumericDateValidator} with an expiry required and
 * {@code iat} allowed no time ahead beyond the skew.
 */
final class ValidityWindowValidator implements ClaimValidator {
    private final long skewSeconds;

    ValidityWindowValidator(long skewSeconds) {
        this.skewSeconds = skewSeconds;
    }

    @Override
    public RejectionReason validate(JwtClaims claims, long now) throws MalformedClaimException {
        final NumericDate expires = claims.getExpirationTime();
        final NumericDate issuedAt = claims.getIssuedAt();
        final NumericDate notBefore = claims.getNotBefore();
        if (expires == null) {
            return RejectionReason.INVALID_CLAIMS;
        }
        if (Math.subtractExact(now, skewSeconds) >= expires.getValue()) {
            return RejectionReason.EXPIRED;
        }
        if (issuedAt != null && expires.isBefore(issuedAt) || notBefore != null && expires.isBefore(notBefore)) {
            return RejectionReason.INVALID_CLAIMS;
        }
        if (notBefore != null && Math.addExact(now, skewSeconds) < notBefore.getValue()) {
            return RejectionReason.NOT_YET_VALID;
        }
        if (issuedAt != null && Math.subtractExact(Math.subtractExact(issuedAt.getValue(), now), skewSeconds) > 0) {
            return RejectionReason.NOT_YET_VALID;
        }
        return null;
    }
}
