package io.github.datasec.dwauth.testing.dpop;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One DPoP proof, immutable: each method returns a changed copy, {@link #sign()} makes the JWT.
 * Valid by default ({@code typ: dpop+jwt}, the key's algorithm, its public {@code jwk}, a random
 * {@code jti}, {@code htm}, {@code htu}, {@code iat} now); every part can be bent for hostile tests.
 */
public final class DpopProofBuilder {
    private final DpopKey key;
    private final Map<String, Object> claims;
    private final Map<String, Object> headers;
    private final PublicJsonWebKey signingKey;
    private final String algorithm;

    private DpopProofBuilder(DpopKey key, Map<String, Object> claims, Map<String, Object> headers,
                             PublicJsonWebKey signingKey, String algorithm) {
        this.key = key;
        this.claims = claims;
        this.headers = headers;
        this.signingKey = signingKey;
        this.algorithm = algorithm;
    }

    static DpopProofBuilder forKey(DpopKey key, String method, String uri) {
        final Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", Objects.requireNonNull(method, "method"));
        claims.put("htu", Objects.requireNonNull(uri, "uri"));
        claims.put("iat", Instant.now().getEpochSecond());
        final Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("typ", "dpop+jwt");
        headers.put("jwk", jsonObject(key.publicJwkJson()));
        return new DpopProofBuilder(key, Collections.unmodifiableMap(claims), Collections.unmodifiableMap(headers),
                key.jwk(), key.algorithm());
    }

    /** Sets {@code ath}, the SHA-256 of the access token the proof goes with. */
    public DpopProofBuilder accessToken(String accessToken) {
        return claim("ath", hash(accessToken));
    }

    public DpopProofBuilder jti(String jti) {
        return claim("jti", jti);
    }

    public DpopProofBuilder issuedAt(Instant issuedAt) {
        return claim("iat", issuedAt.getEpochSecond());
    }

    /** Sets the server nonce from a {@code DPoP-Nonce} response header. */
    public DpopProofBuilder nonce(String nonce) {
        return claim("nonce", nonce);
    }

    /** Sets any claim, replacing what was there; the value must be JSON-shaped. */
    public DpopProofBuilder claim(String name, Object value) {
        return new DpopProofBuilder(key, changed(claims, c -> c.put(name, value)), headers, signingKey, algorithm);
    }

    /** Leaves a claim out. */
    public DpopProofBuilder without(String name) {
        return new DpopProofBuilder(key, changed(claims, c -> c.remove(name)), headers, signingKey, algorithm);
    }

    /** Sets a JOSE header ({@code typ}, {@code jwk}, ...), or with null leaves it out; {@code alg} follows {@link #signedWith}. */
    public DpopProofBuilder header(String name, Object value) {
        if ("alg".equals(name)) {
            throw new IllegalArgumentException("alg follows the signing algorithm; use signedWith(key, alg)");
        }
        return new DpopProofBuilder(key, claims, changed(headers, h -> {
            if (value == null) {
                h.remove(name);
            } else {
                h.put(name, value);
            }
        }), signingKey, algorithm);
    }

    /** Puts the whole key, private part included, in the {@code jwk} header: a proof no server may accept. */
    public DpopProofBuilder withPrivateKeyInJwk() {
        return header("jwk", jsonObject(key.jwk().toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)));
    }

    /**
     * Signs with another key or algorithm while the {@code jwk} header still shows this key, without
     * jose4j's key checks; {@code signer} null with "none" gives an unsigned proof, and an HMAC
     * algorithm uses the signer's encoded public key as the secret.
     */
    public DpopProofBuilder signedWith(PublicJsonWebKey signer, String alg) {
        return new DpopProofBuilder(key, claims, headers, signer, Objects.requireNonNull(alg, "alg"));
    }

    /** The proof in JWS compact serialization, for the {@code DPoP} request header. */
    public String sign() {
        final JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(algorithm);
        headers.forEach(jws.getHeaders()::setObjectHeaderValue);
        jws.setPayload(JsonUtil.toJson(claims));
        if (signingKey != null && algorithm.startsWith("HS")) {
            jws.setKey(new javax.crypto.spec.SecretKeySpec(signingKey.getPublicKey().getEncoded(), "HmacSHA256"));
        } else if (signingKey != null) {
            jws.setKey(signingKey.getPrivateKey());
        }
        if (signingKey != key.jwk() || !algorithm.equals(key.algorithm())) {
            jws.setDoKeyValidation(false);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign the proof with " + algorithm, e);
        }
    }

    /** The {@code ath} of an access token: base64url of its SHA-256. */
    public static String hash(String accessToken) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Map<String, Object> jsonObject(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (JoseException e) {
            throw new IllegalStateException("jose4j wrote a key it cannot read back", e);
        }
    }

    private static Map<String, Object> changed(Map<String, Object> original, Consumer<Map<String, Object>> change) {
        final Map<String, Object> copy = new LinkedHashMap<>(original);
        change.accept(copy);
        return Collections.unmodifiableMap(copy);
    }
}
