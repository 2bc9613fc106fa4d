package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.JwtContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The token is meant for this resource server (RFC 9068 section 4, RFC 8725 section 3.9): {@code aud}
 * contains {@code clientId} or another configured audience; or {@code azp} is {@code clientId} (how
 * Keycloak marks the tokens of the client that asked for them) and {@code aud} is absent or names
 * only the provider's own account service. A token of this client whose {@code aud} names another
 * API was meant for that API, which could otherwise replay it here.
 */
final class AudienceOrAuthorizedPartyValidator implements ErrorCodeValidator {
    private final String clientId;
    private final Set<String> audiences;
    private final Set<String> accountAudiences;

    AudienceOrAuthorizedPartyValidator(String clientId, List<String> extraAudiences, List<String> accountAudiences) {
        this.clientId = clientId;
        final List<String> all = new ArrayList<>(extraAudiences);
        all.add(clientId);
        this.audiences = Set.copyOf(all);
        this.accountAudiences = Set.copyOf(accountAudiences);
    }

    @Override
    public Error validate(JwtContext context) throws MalformedClaimException {
        final JwtClaims claims = context.getJwtClaims();
        final Object azp = claims.getClaimValue("azp");
        if (azp != null && !(azp instanceof String)) {
            throw new MalformedClaimException("azp is not a string");
        }
        final List<String> aud = claims.getAudience();
        for (String audience : aud) {
            if (audiences.contains(audience)) {
                return null;
            }
        }
        if (clientId.equals(azp) && accountAudiences.containsAll(aud)) {
            return null;
        }
        return new Error(RejectionReason.WRONG_AUDIENCE.errorCode(), "aud names another resource server, or neither azp nor aud names this client");
    }
}
