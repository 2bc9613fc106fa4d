package io.github.datasec.dwauth.session;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import java.time.Duration;
import java.util.Map;

/**
 * A back-channel {@code logout_token} (OpenID Connect Back-Channel Logout 1.0, section 2.6): signed by
 * a configured key set with the configured algorithm, {@code iss}, {@code aud} naming the client,
 * {@code iat} recent, {@code jti} present and never seen before on any replica, the back-channel
 * logout member in {@code events}, {@code sid} or {@code sub}, and no {@code nonce} (so that an ID
 * token can never pass as one).
 */
final class LogoutTokenVerifier {
    static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Older logout tokens are refused; their jti marks are kept this long too, so a replay is always caught. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final JwtConsumer consumer;
    private final SessionStore store;

    LogoutTokenVerifier(CodeFlowSettings settings, VerificationKeyResolver keys, SessionStore store) {
        this.store = store;
        // jose4j adds the clock skew to both allowances itself.
        this.consumer = IdTokenVerifier.consumerFor(settings, keys)
                .setIssuedAtRestrictions(0, (int) MAX_AGE.toSeconds())
                .setRequireJwtId()
                .build();
    }

    /** The verified claims; the token's jti is spent by this call. */
    JwtClaims verify(String logoutToken) throws ProviderTokenRejectedException {
        final JwtClaims claims;
        try {
            claims = consumer.process(logoutToken).getJwtClaims();
        } catch (InvalidJwtException | RuntimeException e) {
            throw new ProviderTokenRejectedException("logout_token failed signature, issuer, audience, iat or jti checks");
        }
        try {
            final Map<String, Object> events = claims.getClaimValue("events") instanceof Map<?, ?> map
                    ? castEvents(map) : Map.of();
            if (!(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map)) {
                throw new ProviderTokenRejectedException("logout_token has no back-channel logout event");
            }
            if (isBlank(claims.getStringClaimValue("sid")) && isBlank(claims.getSubject())) {
                throw new ProviderTokenRejectedException("logout_token names neither sid nor sub");
            }
            if (claims.hasClaim("nonce")) {
                throw new ProviderTokenRejectedException("logout_token must not carry a nonce");
            }
            if (!store.firstUse("logout-jti:" + claims.getJwtId(), MAX_AGE.multipliedBy(2))) {
                throw new ProviderTokenRejectedException("logout_token was already used");
            }
        } catch (MalformedClaimException e) {
            throw new ProviderTokenRejectedException("logout_token has a malformed claim");
        }
        return claims;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castEvents(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
