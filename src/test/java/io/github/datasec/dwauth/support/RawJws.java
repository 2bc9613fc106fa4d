package io.github.datasec.dwauth.support;

import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Map;

/**
 * Signs header and payload text exactly as written. jose4j's builder normalises what it signs
 * (it re-serialises headers, honours {@code b64}, rejects duplicate names), so hostile shapes such
 * as duplicate members or an encoded payload under {@code b64: false} have to be made by hand.
 */
public final class RawJws {
    private static final Map<String, String> JCA = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSA", "ES384", "SHA384withECDSA", "ES512", "SHA512withECDSA");
    private static final Map<String, Integer> ECDSA_LENGTH = Map.of("ES256", 64, "ES384", 96, "ES512", 132);

    private RawJws() {
    }

    public static String encode(String text) {
        return Base64Url.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(byte[] bytes) {
        return Base64Url.encode(bytes);
    }

    /** {@code base64url(header).base64url(payload).signature}, signed with the key's private part. */
    public static String sign(String headerJson, String payloadJson, PublicJsonWebKey key, String alg) {
        final String signingInput = encode(headerJson) + "." + encode(payloadJson);
        return signingInput + "." + encode(signature(signingInput, key, alg));
    }

    public static byte[] signature(String signingInput, PublicJsonWebKey key, String alg) {
        try {
            final Signature signer = Signature.getInstance(JCA.get(alg));
            signer.initSign(key.getPrivateKey());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            final byte[] signature = signer.sign();
            // JWS carries ECDSA signatures as r || s, not the DER the JCA produces (RFC 7518 section 3.4).
            return ECDSA_LENGTH.containsKey(alg)
                    ? EcdsaUsingShaAlgorithm.convertDerToConcatenated(signature, ECDSA_LENGTH.get(alg)) : signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with " + alg, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token with its signature segment replaced. */
    public static String withSignature(String token, String signatureSegment) {
        return token.substring(0, token.lastIndexOf('.') + 1) + signatureSegment;
    }
}
