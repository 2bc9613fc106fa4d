package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.JwtContext;

import java.util.Set;

/**
 * Keycloak marks each token with a {@code typ} claim ("Bearer", "ID", "Refresh", ...); only the
 * configured types are accepted, so an ID or refresh token cannot stand in for an access token.
 * Keycloak marks an access token bound to a DPoP key {@code DPoP} instead of {@code Bearer}; that
 * type counts as an access token only when the token really carries the key binding.
 */
final class TokenTypeValidator implements ErrorCodeValidator {
    private static final String ACCESS_TOKEN = "Bearer";
    private static final String BOUND_ACCESS_TOKEN = "DPoP";

    private final Set<String> acceptedTypes;

    TokenTypeValidator(Set<String> acceptedTypes) {
        this.acceptedTypes = Set.copyOf(acceptedTypes);
    }

    @Override
    public Error validate(JwtContext context) {
        final Object typ = context.getJwtClaims().getClaimValue("typ");
        if (typ instanceof String type && (acceptedTypes.contains(type) || isBoundAccessToken(type, context))) {
            return null;
        }
        return new Error(RejectionReason.WRONG_TOKEN_TYPE.errorCode(), "token type is not accepted");
    }

    private boolean isBoundAccessToken(String type, JwtContext context) {
        return BOUND_ACCESS_TOKEN.equals(type) && acceptedTypes.contains(ACCESS_TOKEN)
                && KeyConfirmation.thumbprint(context.getJwtClaims()) != null;
    }
}
