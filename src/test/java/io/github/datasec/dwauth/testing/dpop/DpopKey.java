package io.github.datasec.dwauth.testing.dpop;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.util.Objects;

/**
 * A client's DPoP key (RFC 9449) and the proofs it signs, for tests of APIs that take DPoP-bound tokens:
 *
 * <pre>{@code
 * DpopKey key = DpopKey.generate();
 * String token = ISSUER.token().username("alice").boundTo(key.thumbprint()).sign();
 * String proof = key.proof("GET", "http://127.0.0.1:" + port + "/api/v1/users/loggedInUser").accessToken(token).sign();
 * // Authorization: DPoP <token>, DPoP: <proof>
 * }</pre>
 *
 * {@link DpopProofBuilder} can also make every kind of broken proof, for tests that the API refuses them.
 */
public final class DpopKey {
    private final PublicJsonWebKey jwk;
    private final String algorithm;

    private DpopKey(PublicJsonWebKey jwk, String algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
    }

    /** A new ECDSA P-256 key signing ES256, what the bundle's login page makes with WebCrypto. */
    public static DpopKey generate() {
        try {
            return new DpopKey(EcJwkGenerator.generateJwk(EllipticCurves.P256), "ES256");
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }

    /** An existing key pair (RSA, EC or OKP) signing with {@code algorithm}. */
    public static DpopKey of(PublicJsonWebKey jwk, String algorithm) {
        Objects.requireNonNull(jwk.getPrivateKey(), "the key must have its private part to sign proofs");
        return new DpopKey(jwk, Objects.requireNonNull(algorithm, "algorithm"));
    }

    /** The key pair, private part included. */
    public PublicJsonWebKey jwk() {
        return jwk;
    }

    public String algorithm() {
        return algorithm;
    }

    /** The RFC 7638 SHA-256 thumbprint of the public key: the {@code cnf.jkt} of tokens bound to it. */
    public String thumbprint() {
        return jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }

    /** The public key as the JSON of a proof's {@code jwk} header. */
    public String publicJwkJson() {
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** A proof for one request: a fresh {@code jti}, {@code iat} now, no {@code ath} until {@link DpopProofBuilder#accessToken}. */
    public DpopProofBuilder proof(String method, String uri) {
        return DpopProofBuilder.forKey(this, method, uri);
    }
}
