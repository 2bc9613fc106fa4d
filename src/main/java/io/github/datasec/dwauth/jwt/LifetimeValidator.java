package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/**
 * A token may not live longer than the configured maximum, to the second: neither the lifetime it
 * claims ({@code exp - iat}) nor what remains of it ({@code exp - now}, the only bound when it has
 * no {@code iat}). The clock skew is not added: it excuses clocks that differ, not long lifetimes.
 */
final class LifetimeValidator implements ClaimValidator {
    private final long maxLifetimeSeconds;

    LifetimeValidator(long maxLifetimeSeconds) {
        this.maxLifetimeSeconds = maxLifetimeSeconds;
    }

    @Override
    public RejectionReason validate(JwtClaims claims, long now) throws MalformedClaimException {
        final NumericDate expires = claims.getExpirationTime();
        if (expires == null) {
            return null;
        }
        final NumericDate issuedAt = claims.getIssuedAt();
        if (issuedAt != null && Math.subtractExact(expires.getValue(), issuedAt.getValue()) > maxLifetimeSeconds
                || Math.subtractExact(expires.getValue(), now) > maxLifetimeSeconds) {
            return RejectionReason.LIFETIME_TOO_LONG;
        }
        return null;
    }
}
