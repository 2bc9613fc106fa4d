package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * A token may not claim a lifetime ({@code exp - iat}) longer than the configured maximum;
 * jose4j's own check covers {@code exp - now}.
 */
final class LifetimeValidator implements ErrorCodeValidator {
    private final long maxLifetimeSeconds;

    LifetimeValidator(long maxLifetimeSeconds) {
        this.maxLifetimeSeconds = maxLifetimeSeconds;
    }

    @Override
    public Error validate(JwtContext context) throws MalformedClaimException {
        final JwtClaims claims = context.getJwtClaims();
        final NumericDate issuedAt = claims.getIssuedAt();
        final NumericDate expires = claims.getExpirationTime();
        if (issuedAt != null && expires != null && expires.getValue() - issuedAt.getValue() > maxLifetimeSeconds) {
            return new Error(RejectionReason.LIFETIME_TOO_LONG.errorCode(), "exp - iat exceeds the maximum lifetime");
        }
        return null;
    }
}
