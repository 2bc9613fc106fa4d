package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;

import java.util.Set;

/**
 * Keycloak marks each token with a {@code typ} claim ("Bearer", "ID", "Refresh", ...); only the
 * configured types are accepted, so an ID or refresh token cannot stand in for an access token.
 * Keycloak marks an access token bound to a DPoP key {@code DPoP} instead of {@code Bearer}; that
 * type counts as an access token only when the token really carries the key binding.
 */
final class TokenTypeValidator implements ClaimValidator {
    private static final String ACCESS_TOKEN = "Bearer";
    private static final String BOUND_ACCESS_TOKEN = "DPoP";

    private final Set<String> acceptedTypes;

    TokenTypeValidator(Set<String> acceptedTypes) {
        this.acceptedTypes = Set.copyOf(acceptedTypes);
    }

    @Override
    public RejectionReason validate(JwtClaims claims, long now) {
        final Object typ = claims.getClaimValue("typ");
        if (typ instanceof String type && (acceptedTypes.contains(type) || isBoundAccessToken(type, claims))) {
            return null;
        }
        return RejectionReason.WRONG_TOKEN_TYPE;
    }

    private boolean isBoundAccessToken(String type, JwtClaims claims) {
        return BOUND_ACCESS_TOKEN.equals(type) && acceptedTypes.contains(ACCESS_TOKEN)
                && KeyConfirmation.thumbprint(claims) != null;
    }
}
