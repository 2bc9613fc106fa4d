package io.github.datasec.dwauth.jwt;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The asymmetric JWS algorithms (RFC 7518 section 3) as the JCA names them. ECDSA signatures are
 * R and S concatenated at the curve's fixed width, which is the JCA's P1363 format.
 */
enum JwsAlgorithm {
    RS256("SHA256withRSA", null, 0),
    RS384("SHA384withRSA", null, 0),
    RS512("SHA512withRSA", null, 0),
    PS256("RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1), 0),
    PS384("RSASSA-PSS", new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1), 0),
    PS512("RSASSA-PSS", new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1), 0),
    ES256("SHA256withECDSAinP1363Format", null, 64),
    ES384("SHA384withECDSAinP1363Format", null, 96),
    ES512("SHA512withECDSAinP1363Format", null, 132);

    private static final Map<String, JwsAlgorithm> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(JwsAlgorithm::name, Function.identity()));

    private final String jcaName;
    private final AlgorithmParameterSpec parameters;
    private final int ecdsaSignatureLength;

    JwsAlgorithm(String jcaName, AlgorithmParameterSpec parameters, int ecdsaSignatureLength) {
        this.jcaName = jcaName;
        this.parameters = parameters;
        this.ecdsaSignatureLength = ecdsaSignatureLength;
    }

    /** The algorithm a token's {@code alg} names, or null for anything else (HMAC, none, unknown). */
    static JwsAlgorithm named(String alg) {
        return alg == null ? null : BY_NAME.get(alg);
    }

    String jcaName() {
        return jcaName;
    }

    /** Parameters the JCA algorithm needs (PSS's digest, mask and salt), or null. */
    AlgorithmParameterSpec parameters() {
        return parameters;
    }

    /**
     * A signature of another length than R and S at the curve's width, or with R or S zero, is
     * refused before the provider sees it (CVE-2022-21449 accepted r = s = 0 on unpatched JDKs).
     * RSA signatures need no such check: every provider refuses one of another length than the modulus.
     */
    boolean wellFormed(byte[] signature) {
        if (ecdsaSignatureLength == 0) {
            return true;
        }
        final int half = ecdsaSignatureLength / 2;
        return signature.length == ecdsaSignatureLength && !allZero(signature, 0, half) && !allZero(signature, half, signature.length);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
