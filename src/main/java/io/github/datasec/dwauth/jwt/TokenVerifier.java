package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.TokenValidationConfiguration;
import io.github.datasec.dwauth.jwks.JwksKeyResolver.KeyNotFoundException;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
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
 *   <li>claim rules, each one {@link ClaimValidator}, all run on every token against one reading of the clock:
 *       {@code exp} required, {@code exp}/{@code nbf}/{@code iat} within clock skew ({@link ValidityWindowValidator}),
 *       {@code exp} no further ahead than the maximum lifetime ({@link LifetimeValidator}),
 *       {@code iss} exactly the authority ({@link IssuerValidator}), {@code aud} naming this client, or {@code azp}
 *       naming it with no other resource server in {@code aud} ({@link AudienceOrAuthorizedPartyValidator}),
 *       {@code typ} an accepted type ({@link TokenTypeValidator}), {@code cnf} absent or a key thumbprint
 *       ({@link KeyConfirmation}), which the caller must then see proven, {@code sub} and {@code jti} strings
 *       ({@link IdentifierTypesValidator}). A claim of the wrong type is {@code invalid-claims}; a token that
 *       breaks several rules is refused for the reason that comes first in {@link RejectionReason}.</li>
 * </ol>
 * All of it is prepared once. Each token is decoded and parsed once, and its claims read through jose4j's typed
 * getters; the rules run straight on them, without a {@code JwtConsumer} and the context and error lists it
 * builds per token.
 */
public final class TokenVerifier {
    /** What the claim rules read. */
    private static final Set<String> RULE_CLAIMS = Set.of("exp", "nbf", "iat", "iss", "aud", "azp", "typ", "sub", "jti", KeyConfirmation.CLAIM);

    private final int maxTokenLength;
    private final CheckedHeaders headers;
    private final KeyLookup keys;
    private final SignatureCheck signatureCheck;
    private final List<ClaimValidator> claimRules;
    private final Set<String> keptClaims;

    /** {@code callerClaims}: the claims the caller reads from a verified token, besides those the rules read. */
    public TokenVerifier(AuthenticationConfiguration config, KeyLookup keys, Set<String> callerClaims) {
        final TokenValidationConfiguration rules = config.getTokenValidation();
        final Set<String> algorithms = Set.of(config.getTokenValidationAlgorithm());
        final Set<String> tokenTypes = new LinkedHashSet<>(rules.getTokenTypes());
        if (rules.isAcceptIdTokens()) {
            tokenTypes.add("ID");
        }
        final long skewSeconds = rules.getClockSkew().toSeconds();
        final long maxLifetimeSeconds = rules.getMaxTokenLifetime().toSeconds();
        this.maxTokenLength = rules.getMaxTokenLength();
        this.headers = new CheckedHeaders(new HeaderRules(algorithms));
        this.keys = keys;
        this.signatureCheck = new SignatureCheck(algorithms,
                SignatureProvider.configured(rules.getCryptoProvider(), TokenVerifier.class.getClassLoader()));
        this.claimRules = List.of(
                new ValidityWindowValidator(skewSeconds),
                new LifetimeValidator(maxLifetimeSeconds),
                new IssuerValidator(config.getAuthority()),
                new AudienceOrAuthorizedPartyValidator(config.getClientId(), rules.getAudiences(), rules.getAccountAudiences()),
                new TokenTypeValidator(tokenTypes),
                new KeyConfirmation(),
                new IdentifierTypesValidator());
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
        final RejectionReason broken = brokenRule(claims, System.currentTimeMillis() / 1000);
        if (broken != null) {
            throw new TokenRejectedException(broken);
        }
        // The validity window has read exp as a number.
        return new VerifiedToken(claims, kid, ((Number) claims.getClaimValue("exp")).longValue(), KeyConfirmation.thumbprint(claims));
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

    /**
     * The reason the claims are refused, or null. Every rule runs; of several reasons the one first in
     * {@link RejectionReason} wins, so that an expired token says so whatever else is wrong with it.
     */
    RejectionReason brokenRule(JwtClaims claims, long now) {
        RejectionReason first = null;
        for (ClaimValidator rule : claimRules) {
            final RejectionReason reason = reasonOf(rule, claims, now);
            if (reason != null && (first == null || reason.compareTo(first) < 0)) {
                first = reason;
            }
        }
        return first;
    }

    private static RejectionReason reasonOf(ClaimValidator rule, JwtClaims claims, long now) {
        try {
            return rule.validate(claims, now);
        } catch (MalformedClaimException | RuntimeException e) {
            // A claim of the wrong type, a date that overflows, a null where a rule expects a string: a rule that
            // cannot read the claims refuses them.
            return RejectionReason.INVALID_CLAIMS;
        }
    }
}
