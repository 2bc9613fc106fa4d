package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/** {@code iss} is required and is exactly the configured authority (RFC 8725 section 3.8): no prefix, case or slash rules. */
final class IssuerValidator implements ClaimValidator {
    private final String authority;

    IssuerValidator(String authority) {
        this.authority = authority;
    }

    @Override
    public RejectionReason validate(JwtClaims claims, long now) throws MalformedClaimException {
        return authority.equals(claims.getIssuer()) ? null : RejectionReason.WRONG_ISSUER;
    }
}
