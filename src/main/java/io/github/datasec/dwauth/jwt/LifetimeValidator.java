package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * A token may not live longer than the configured maximum, to the second: neither the lifetime it
 * claims ({@code exp - iat}) nor what remains of it ({@code exp - now}, the only bound when it has
 * no {@code iat}). The clock skew is not added: it excuses clocks that differ, not long lifetimes.
 */
final class LifetimeValidator implements ErrorCodeValidator {
    private final long maxLifetimeSeconds;

    LifetimeValidator(long maxLifetimeSeconds) {
        this.maxLifetimeSeconds = maxLifetimeSeconds;
    }

    @Override
    public Error validate(JwtContext context) throws MalformedClaimException {
        final JwtClaims claims = context.getJwtClaims();
        final NumericDate expires = claims.getExpirationTime();
        if (expires == null) {
            return null;
        }
        final NumericDate issuedAt = claims.getIssuedAt();
        if (issuedAt != null && expires.getValue() - issuedAt.getValue() > maxLifetimeSeconds) {
            return new Error(RejectionReason.LIFETIME_TOO_LONG.errorCode(), "exp - iat exceeds the maximum lifetime");
        }
        if (expires.getValue() - NumericDate.now().getValue() > maxLifetimeSeconds) {
            return new Error(RejectionReason.LIFETIME_TOO_LONG.errorCode(), "exp lies further ahead than the maximum lifetime");
        }
        return null;
    }
}
