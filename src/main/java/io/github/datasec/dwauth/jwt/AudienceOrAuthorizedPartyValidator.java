package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.JwtContext;

import java.util.List;
import java.util.Set;

/**
 * The token was issued to this client: {@code azp} names it (how Keycloak marks tokens of the
 * client that asked for them) or {@code aud} contains it or another configured audience.
 */
final class AudienceOrAuthorizedPartyValidator implements ErrorCodeValidator {
    private final String clientId;
    private final Set<String> audiences;

    AudienceOrAuthorizedPartyValidator(String clientId, List<String> extraAudiences) {
        this.clientId = clientId;
        this.audiences = Set.copyOf(concat(clientId, extraAudiences));
    }

    @Override
    public Error validate(JwtContext context) throws MalformedClaimException {
        final JwtClaims claims = context.getJwtClaims();
        final Object azp = claims.getClaimValue("azp");
        if (azp != null && !(azp instanceof String)) {
            throw new MalformedClaimException("azp is not a string");
        }
        if (clientId.equals(azp)) {
            return null;
        }
        for (String audience : claims.getAudience()) {
            if (audiences.contains(audience)) {
                return null;
            }
        }
        return new Error(RejectionReason.WRONG_AUDIENCE.errorCode(), "neither azp nor aud names this client");
    }

    private static List<String> concat(String first, List<String> rest) {
        final java.util.ArrayList<String> all = new java.util.ArrayList<>(rest);
        all.add(first);
        return all;
    }
}
