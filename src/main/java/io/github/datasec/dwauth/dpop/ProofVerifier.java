package io.github.datasec.dwauth.dpop;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Checks one DPoP proof against the request it came with, by RFC 9449 section 4.3, in this order:
 * <ol>
 *   <li>shape: at most {@value #MAX_PROOF_LENGTH} characters, a compact JWS;</li>
 *   <li>{@code typ} header {@code dpop+jwt};</li>
 *   <li>{@code alg} from the allow-list of asymmetric algorithms;</li>
 *   <li>{@code jwk} header: present, a public key, no private members;</li>
 *   <li>signature, by that key;</li>
 *   <li>claims {@code jti}, {@code htm}, {@code htu}, {@code iat} present and well-typed;</li>
 *   <li>{@code htm} equal to the request method;</li>
 *   <li>{@code htu} equal to the request URI without query and fragment, both normalised ({@link TargetUri});</li>
 *   <li>{@code nonce} one this server issued, when nonces are required ({@link DpopNonces});</li>
 *   <li>{@code iat} no older than the proof lifetime and no further ahead than the clock skew;</li>
 *   <li>{@code ath} the SHA-256 of the access token.</li>
 * </ol>
 * The key's binding to the token and the one-time use of {@code jti} are checked by {@link DpopVerifier}.
 */
public final class ProofVerifier {
    static final int MAX_PROOF_LENGTH = 8192;
    private static final int MAX_JTI_LENGTH = 256;
    private static final String TYPE = "dpop+jwt";
    private static final Set<String> PRIVATE_KEY_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final Set<String> algorithms;
    private final AlgorithmConstraints constraints;
    private final long lifetimeMillis;
    private final long skewMillis;
    private final DpopNonces nonces;
    private final Clock clock;

    /** {@code nonces} null: no nonce is required. */
    public ProofVerifier(Set<String> algorithms, Duration lifetime, Duration skew, DpopNonces nonces, Clock clock) {
        this.algorithms = Set.copyOf(algorithms);
        this.constraints = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new));
        this.lifetimeMillis = lifetime.toMillis();
        this.skewMillis = skew.toMillis();
        this.nonces = nonces;
        this.clock = clock;
    }

    public DpopProof verify(String proof, String method, String htu, String accessToken) throws ProofRejectedException {
        final JsonWebSignature jws = parse(proof);
        requireType(jws);
        requireAllowedAlgorithm(jws);
        final PublicJsonWebKey key = publicKeyOf(jws);
        requireSignature(jws, key);
        final JwtClaims claims = claimsOf(jws);
        final String jti = requiredString(claims, "jti");
        if (jti.length() > MAX_JTI_LENGTH) {
            throw new ProofRejectedException(ProofRejection.MALFORMED);
        }
        requireEqual(requiredString(claims, "htm"), method, ProofRejection.WRONG_METHOD);
        requireSameUri(requiredString(claims, "htu"), htu);
        requireNonce(claims);
        requireFreshIssuedAt(claims);
        requireTokenHash(claims, accessToken);
        final String thumbprint = thumbprintOf(key);
        return new DpopProof(thumbprint, replayKey(thumbprint, jti));
    }

    private static JsonWebSignature parse(String proof) throws ProofRejectedException {
        if (proof == null || proof.isEmpty() || proof.length() > MAX_PROOF_LENGTH || proof.chars().filter(c -> c == '.').count() != 2) {
            throw new ProofRejectedException(ProofRejection.MALFORMED);
        }
        try {
            final JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(proof);
            return jws;
        } catch (JoseException | RuntimeException e) {
            throw new ProofRejectedException(ProofRejection.MALFORMED);
        }
    }

    private static void requireType(JsonWebSignature jws) throws ProofRejectedException {
        if (!TYPE.equals(jws.getHeader("typ"))) {
            throw new ProofRejectedException(ProofRejection.WRONG_TYPE);
        }
    }

    private void requireAllowedAlgorithm(JsonWebSignature jws) throws ProofRejectedException {
        if (!algorithms.contains(jws.getAlgorithmHeaderValue())) {
            throw new ProofRejectedException(ProofRejection.ALGORITHM_NOT_ALLOWED);
        }
    }

    private static PublicJsonWebKey publicKeyOf(JsonWebSignature jws) throws ProofRejectedException {
        final Object jwk = jws.getHeaders().getObjectHeaderValue("jwk");
        if (!(jwk instanceof Map<?, ?> members) || members.keySet().stream().anyMatch(PRIVATE_KEY_MEMBERS::contains)) {
            throw new ProofRejectedException(ProofRejection.BAD_KEY);
        }
        try {
            @SuppressWarnings("unchecked")
            final PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk((Map<String, Object>) members);
            return key;
        } catch (JoseException | RuntimeException e) {
            throw new ProofRejectedException(ProofRejection.BAD_KEY);
        }
    }

    private void requireSignature(JsonWebSignature jws, PublicJsonWebKey key) throws ProofRejectedException {
        jws.setAlgorithmConstraints(constraints);
        jws.setKey(key.getPublicKey());
        final boolean valid;
        try {
            valid = jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            // A key that does not fit the algorithm, or one jose4j finds too weak.
            throw new ProofRejectedException(ProofRejection.BAD_SIGNATURE);
        }
        if (!valid) {
            throw new ProofRejectedException(ProofRejection.BAD_SIGNATURE);
        }
    }

    private static JwtClaims claimsOf(JsonWebSignature jws) throws ProofRejectedException {
        try {
            return JwtClaims.parse(jws.getPayload());
        } catch (InvalidJwtException | JoseException | RuntimeException e) {
            throw new ProofRejectedException(ProofRejection.MALFORMED);
        }
    }

    private static String requiredString(JwtClaims claims, String name) throws ProofRejectedException {
        if (claims.getClaimValue(name) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw new ProofRejectedException(ProofRejection.MISSING_CLAIMS);
    }

    private static void requireEqual(String claimed, String actual, ProofRejection otherwise) throws ProofRejectedException {
        if (!claimed.equals(actual)) {
            throw new ProofRejectedException(otherwise);
        }
    }

    private static void requireSameUri(String claimed, String actual) throws ProofRejectedException {
        final String normalClaimed = TargetUri.normalise(claimed);
        if (normalClaimed == null || !normalClaimed.equals(TargetUri.normalise(actual))) {
            throw new ProofRejectedException(ProofRejection.WRONG_URI);
        }
    }

    private void requireNonce(JwtClaims claims) throws ProofRejectedException {
        if (nonces != null && !(claims.getClaimValue("nonce") instanceof String nonce && nonces.isCurrent(nonce))) {
            throw new ProofRejectedException(ProofRejection.NONCE_REQUIRED);
        }
    }

    private void requireFreshIssuedAt(JwtClaims claims) throws ProofRejectedException {
        final NumericDate iat;
        try {
            iat = claims.getIssuedAt();
        } catch (MalformedClaimException e) {
            throw new ProofRejectedException(ProofRejection.MISSING_CLAIMS);
        }
        if (iat == null) {
            throw new ProofRejectedException(ProofRejection.MISSING_CLAIMS);
        }
        final long now = clock.millis();
        final long issued = iat.getValueInMillis();
        if (issued < now - lifetimeMillis - skewMillis || issued > now + skewMillis) {
            throw new ProofRejectedException(ProofRejection.OUTSIDE_TIME_WINDOW);
        }
    }

    private static void requireTokenHash(JwtClaims claims, String accessToken) throws ProofRejectedException {
        final Object ath = claims.getClaimValue("ath");
        if (!(ath instanceof String claimed) || !MessageDigest.isEqual(
                claimed.getBytes(StandardCharsets.US_ASCII), sha256(accessToken).getBytes(StandardCharsets.US_ASCII))) {
            throw new ProofRejectedException(ProofRejection.WRONG_TOKEN_HASH);
        }
    }

    /** How long a proof accepted now could still pass the iat window: how long its jti must be remembered. */
    Duration replayWindow() {
        return Duration.ofMillis(lifetimeMillis + 2 * skewMillis);
    }

    private static String thumbprintOf(JsonWebKey key) throws ProofRejectedException {
        try {
            return key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (RuntimeException e) {
            throw new ProofRejectedException(ProofRejection.BAD_KEY);
        }
    }

    // Fixed-size, so that a long jti costs the cache no more than a short one.
    private static String replayKey(String thumbprint, String jti) {
        return sha256(thumbprint + "." + jti);
    }

    static String sha256(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
