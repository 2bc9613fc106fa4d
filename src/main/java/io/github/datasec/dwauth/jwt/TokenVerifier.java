package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.TokenValidationConfiguration;
import io.github.datasec.dwauth.jwks.JwksKeyResolver.KeyNotFoundException;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.PublicKey;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a bearer token. Every rule is listed here, in the order it runs:
 * <ol>
 *   <li>shape: length cap, three canonical base64url segments ({@link TokenShape});</li>
 *   <li>header: one JSON object, no duplicate names, nesting within {@link JoseJson#MAX_DEPTH}
 *       ({@link JoseJson}); algorithm allow-list, no embedded or remote keys, no {@code crit}/{@code b64}/{@code cty},
 *       a sane {@code kid} ({@link HeaderRules}); a header byte for byte the same as the last one that passed is
 *       taken as it was read then ({@link CheckedHeaders});</li>
 *   <li>key: one key from the configured key sets that fits kid and algorithm ({@link KeyLookup});</li>
 *   <li>signature: the algorithm's exact signature form, verified with the key ({@link SignatureCheck});</li>
 *   <li>claims: the signed payload is one JSON object under the same limits as the header ({@link JoseJson}),
 *       else {@code invalid-claims}: nothing the signature does not vouch for is parsed. Only the claims the rules
 *       below read and those the caller names are kept in {@link VerifiedToken#claims()}; the others are held to
 *       the same limits and skipped;</li>
 *   <li>claim rules: {@code exp} required, {@code exp}/{@code nbf}/{@code iat} within clock skew,
 *       {@code exp} no further ahead than the maximum lifetime ({@link LifetimeValidator}),
 *       {@code iss} exactly the authority, {@code aud} naming this client, or {@code azp} naming it with no other
 *       resource server in {@code aud} ({@link AudienceOrAuthorizedPartyValidator}), {@code typ} an accepted type
 *       ({@link TokenTypeValidator}), {@code cnf} absent or a key thumbprint ({@link KeyConfirmation}), which the
 *       caller must then see proven.</li>
 * </ol>
 * All of it is prepared once. Each token is decoded and parsed once; jose4j checks the claim rules.
 */
public final class TokenVerifier {
    /** What the claim rules read; jose4j's consumer also checks that {@code sub} and {@code jti} are strings. */
    private static final Set<String> RULE_CLAIMS = Set.of("exp", "nbf", "iat", "iss", "aud", "azp", "typ", "sub", "jti", KeyConfirmation.CLAIM);

    private final int maxTokenLength;
    private final CheckedHeaders headers;
    private final KeyLookup keys;
    private final SignatureCheck signatureCheck;
    private final JwtConsumer claimRules;
    private final Set<String> keptClaims;

    /** {@code callerClaims}: the claims the caller reads from a verified token, besides those the rules read. */
    public TokenVerifier(AuthenticationConfiguration config, KeyLookup keys, Set<String> callerClaims) {
        final TokenValidationConfiguration rules = config.getTokenValidation();
        final Set<String> algorithms = Set.of(config.getTokenValidationAlgorithm());
        final Set<String> tokenTypes = new LinkedHashSet<>(rules.getTokenTypes());
        if (rules.isAcceptIdTokens()) {
            tokenTypes.add("ID");
        }
        final int skewSeconds = (int) rules.getClockSkew().toSeconds();
        final long maxLifetimeSeconds = rules.getMaxTokenLifetime().toSeconds();
        this.maxTokenLength = rules.getMaxTokenLength();
        this.headers = new CheckedHeaders(new HeaderRules(algorithms));
        this.keys = keys;
        this.signatureCheck = new SignatureCheck(algorithms,
                SignatureProvider.configured(rules.getCryptoProvider(), TokenVerifier.class.getClassLoader()));
        this.claimRules = new JwtConsumerBuilder()
                // The signature was checked above, by the rule before this one; the consumer sees claims only.
                .setSkipSignatureVerification()
                .setDisableRequireSignature()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(skewSeconds)
                // jose4j adds the clock skew to this allowance itself; passing the skew here would double it.
                .setIssuedAtRestrictions(0, Integer.MAX_VALUE)
                .setExpectedIssuer(true, config.getAuthority())
                .setSkipDefaultAudienceValidation()
                .registerValidator(new AudienceOrAuthorizedPartyValidator(config.getClientId(), rules.getAudiences(), rules.getAccountAudiences()))
                .registerValidator(new TokenTypeValidator(tokenTypes))
                .registerValidator(new LifetimeValidator(maxLifetimeSeconds))
                .registerValidator(new KeyConfirmation())
                .build();
        this.keptClaims = keptClaims(callerClaims);
    }

    /**
     * The claims a verifier keeps: those its rules read and {@code callerClaims}. A hash set, not {@code Set.copyOf}:
     * every member name of every token is looked up here, and the immutable set's probe divides where a
     * hash set masks.
     */
    static Set<String> keptClaims(Set<String> callerClaims) {
        final Set<String> kept = new HashSet<>(RULE_CLAIMS);
        kept.addAll(callerClaims);
        return Collections.unmodifiableSet(kept);
    }

    public VerifiedToken verify(String token) throws TokenRejectedException {
        final CompactJws jws = new CompactJws(TokenShape.check(token, maxTokenLength));
        final CheckedHeaders.Header header = headers.check(jws.header());
        final String kid = header.kid();
        final PublicKey key = keyFor(kid, header.alg());
        if (!signatureCheck.verifies(jws, header.alg(), key)) {
            throw new TokenRejectedException(RejectionReason.BAD_SIGNATURE);
        }
        final JwtClaims claims = claimsOf(jws, keptClaims);
        checkClaimRules(token, claims);
        try {
            return new VerifiedToken(claims, kid, claims.getExpirationTime().getValue(), KeyConfirmation.thumbprint(claims));
        } catch (MalformedClaimException e) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIMS);
        }
    }

    private PublicKey keyFor(String kid, String alg) throws TokenRejectedException {
        try {
            return keys.keyFor(kid, alg);
        } catch (KeyNotFoundException e) {
            throw new TokenRejectedException(e.keysAvailable() ? RejectionReason.UNKNOWN_KEY : RejectionReason.KEYS_UNAVAILABLE);
        } catch (UnresolvableKeyException e) {
            // No key can check the signature.
            throw new TokenRejectedException(RejectionReason.BAD_SIGNATURE);
        }
    }

    private static JwtClaims claimsOf(CompactJws jws, Set<String> kept) throws TokenRejectedException {
        try {
            return jws.claims(kept);
        } catch (TokenRejectedException e) {
            // The issuer signed it, so the token is well formed; what it claims is not a claims set.
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIMS);
        }
    }

    private void checkClaimRules(String token, JwtClaims claims) throws TokenRejectedException {
        try {
            claimRules.processContext(new JwtContext(token, claims, List.of()));
        } catch (InvalidJwtException e) {
            throw new TokenRejectedException(reasonFor(e));
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
    }

    private static RejectionReason reasonFor(InvalidJwtException e) {
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
        return RejectionReason.INVALID_CLAIMS;
    }
}
