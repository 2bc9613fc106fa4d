package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.TokenValidationConfiguration;
import io.github.datasec.dwauth.jwks.JwksKeyResolver.KeyNotFoundException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a bearer token. Every rule is listed here, in the order it runs:
 * <ol>
 *   <li>shape: length cap, three canonical base64url segments ({@link TokenShape});</li>
 *   <li>header: algorithm allow-list, no embedded or remote keys, no {@code crit}/{@code b64}/{@code cty},
 *       a sane {@code kid} ({@link HeaderRules}); payload nesting depth ({@link JsonDepth});</li>
 *   <li>key: one key from the configured key sets that fits kid and algorithm (the resolver);</li>
 *   <li>signature, with jose4j's algorithm constraints and key checks;</li>
 *   <li>claims: {@code exp} required, {@code exp}/{@code nbf}/{@code iat} within clock skew,
 *       {@code exp} no further ahead than the maximum lifetime ({@link LifetimeValidator}),
 *       {@code iss} exactly the authority, {@code aud} naming this client, or {@code azp} naming it with no other
 *       resource server in {@code aud} ({@link AudienceOrAuthorizedPartyValidator}), {@code typ} an accepted type
 *       ({@link TokenTypeValidator}), {@code cnf} absent or a key thumbprint ({@link KeyConfirmation}), which the
 *       caller must then see proven.</li>
 * </ol>
 * JSON with duplicate member names is refused by jose4j's parser. All of it is prepared once.
 */
public final class TokenVerifier {
    private final int maxTokenLength;
    private final HeaderRules headerRules;
    private final VerificationKeyResolver keyResolver;
    private final JwtConsumer consumer;

    public TokenVerifier(AuthenticationConfiguration config, VerificationKeyResolver keyResolver) {
        final TokenValidationConfiguration rules = config.getTokenValidation();
        final Set<String> algorithms = Set.of(config.getTokenValidationAlgorithm());
        final Set<String> tokenTypes = new LinkedHashSet<>(rules.getTokenTypes());
        if (rules.isAcceptIdTokens()) {
            tokenTypes.add("ID");
        }
        final int skewSeconds = (int) rules.getClockSkew().toSeconds();
        final long maxLifetimeSeconds = rules.getMaxTokenLifetime().toSeconds();
        this.maxTokenLength = rules.getMaxTokenLength();
        this.headerRules = new HeaderRules(algorithms);
        this.keyResolver = keyResolver;
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new))
                .setJweAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT)
                .setVerificationKeyResolver(TokenVerifier::keyResolvedBeforeClaims)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(skewSeconds)
                .setMaxFutureValidityInMinutes((int) Math.max(1, (maxLifetimeSeconds + 59) / 60))
                // jose4j adds the clock skew to this allowance itself; passing the skew here would double it.
                .setIssuedAtRestrictions(0, Integer.MAX_VALUE)
                .setExpectedIssuer(true, config.getAuthority())
                .setSkipDefaultAudienceValidation()
                .registerValidator(new AudienceOrAuthorizedPartyValidator(config.getClientId(), rules.getAudiences(), rules.getAccountAudiences()))
                .registerValidator(new TokenTypeValidator(tokenTypes))
                .registerValidator(new LifetimeValidator(maxLifetimeSeconds))
                .registerValidator(new KeyConfirmation())
                .build();
    }

    public VerifiedToken verify(String token) throws TokenRejectedException {
        TokenShape.check(token, maxTokenLength);
        final JsonWebSignature jws = new JsonWebSignature();
        final JwtClaims unverifiedClaims;
        try {
            jws.setCompactSerialization(token);
            headerRules.check(jws.getHeaders());
            final String payload = jws.getUnverifiedPayload();
            JsonDepth.check(payload);
            // A token naming no configured key is refused before its claims are parsed, the larger part
            // of the work before the signature; the consumer then verifies with this same key.
            jws.setKey(keyResolver.resolveKey(jws, List.of()));
            unverifiedClaims = JwtClaims.parse(payload);
        } catch (KeyNotFoundException e) {
            throw new TokenRejectedException(e.keysAvailable() ? RejectionReason.UNKNOWN_KEY : RejectionReason.KEYS_UNAVAILABLE);
        } catch (UnresolvableKeyException e) {
            // As when the consumer meets it: no key can check the signature.
            throw new TokenRejectedException(RejectionReason.BAD_SIGNATURE);
        } catch (InvalidJwtException | JoseException | RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        try {
            consumer.processContext(new JwtContext(token, unverifiedClaims, List.of(jws)));
        } catch (InvalidJwtException e) {
            throw new TokenRejectedException(reasonFor(e));
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        try {
            return new VerifiedToken(unverifiedClaims, jws.getKeyIdHeaderValue(), unverifiedClaims.getExpirationTime().getValue(),
                    KeyConfirmation.thumbprint(unverifiedClaims));
        } catch (MalformedClaimException e) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIMS);
        }
    }

    /** The consumer's key: the one {@link #verify} resolved and set on the JWS, so it is looked up only once. */
    private static Key keyResolvedBeforeClaims(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
            throws UnresolvableKeyException {
        if (jws.getKey() == null) {
            throw new UnresolvableKeyException("no key was resolved for this token");
        }
        return jws.getKey();
    }

    private static RejectionReason reasonFor(InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return RejectionReason.BAD_SIGNATURE;
        }
        if (e.hasExpired()) {
            return RejectionReason.EXPIRED;
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return RejectionReason.NOT_YET_VALID;
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_TOO_FAR_IN_FUTURE) || e.hasErrorCode(RejectionReason.LIFETIME_TOO_LONG.errorCode())) {
            return RejectionReason.LIFETIME_TOO_LONG;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return RejectionReason.WRONG_ISSUER;
        }
        if (e.hasErrorCode(RejectionReason.WRONG_AUDIENCE.errorCode())) {
            return RejectionReason.WRONG_AUDIENCE;
        }
        if (e.hasErrorCode(RejectionReason.WRONG_TOKEN_TYPE.errorCode())) {
            return RejectionReason.WRONG_TOKEN_TYPE;
        }
        if (e.getErrorDetails().isEmpty() || (e.hasErrorCode(ErrorCodes.MISCELLANEOUS) && e.getCause() != null)) {
            // jose4j reports a signature it cannot even check (wrong length, bad key) this way, with the
            // cause attached; the same code without a cause is a claim inconsistency such as exp before iat.
            return RejectionReason.BAD_SIGNATURE;
        }
        return RejectionReason.INVALID_CLAIMS;
    }
}
