package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

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
final class AudienceOrAuthorizedPartyValidator implements ClaimValidator {
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
    public RejectionReason validate(JwtClaims claims, long now) throws MalformedClaimException {
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
        return RejectionReason.WRONG_AUDIENCE;
    }
}
