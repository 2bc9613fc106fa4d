package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.JwtContext;

import java.util.Set;

/**
 * Keycloak marks each token with a {@code typ} claim ("Bearer", "ID", "Refresh", ...); only the
 * configured types are accepted, so an ID or refresh token cannot stand in for an access token.
 */
final class TokenTypeValidator implements ErrorCodeValidator {
    private final Set<String> acceptedTypes;

    TokenTypeValidator(Set<String> acceptedTypes) {
        this.acceptedTypes = Set.copyOf(acceptedTypes);
    }

    @Override
    public Error validate(JwtContext context) {
        final Object typ = context.getJwtClaims().getClaimValue("typ");
        if (typ instanceof String type && acceptedTypes.contains(type)) {
            return null;
        }
        return new Error(RejectionReason.WRONG_TOKEN_TYPE.errorCode(), "token type is not accepted");
    }
}
