package io.github.datasec.dwauth.jwt;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a JWS signature with the JCA, paying only for the signature: one {@link Signature} per
 * algorithm and thread, looked up once (no provider search per token), and the signing input
 * handed over as the bytes the token already is.
 */
final class SignatureCheck {
    private final Map<JwsAlgorithm, ThreadLocal<Signature>> signatures = new EnumMap<>(JwsAlgorithm.class);
    private final SignatureProvider provider;

    SignatureCheck(Set<String> algorithms, SignatureProvider provider) {
        this.provider = provider;
        for (String name : algorithms) {
            final JwsAlgorithm algorithm = JwsAlgorithm.named(name);
            if (algorithm != null) {
                signatures.put(algorithm, ThreadLocal.withInitial(() -> provider.newSignature(algorithm)));
            }
        }
    }

    /** True only when {@code key} verifies the token's signature under {@code alg}, one of the configured algorithms. */
    boolean verifies(CompactJws jws, String alg, PublicKey key) {
        final JwsAlgorithm algorithm = JwsAlgorithm.named(alg);
        final ThreadLocal<Signature> prepared = algorithm == null ? null : signatures.get(algorithm);
        if (prepared == null) {
            return false;
        }
        final byte[] signatureBytes = jws.signature();
        if (!algorithm.wellFormed(signatureBytes)) {
            return false;
        }
        final Signature signature = prepared.get();
        try {
            signature.initVerify(provider.prepared(key));
            signature.update(jws.ascii(), 0, jws.signingInputLength());
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A signature of the wrong length or encoding, or a key the algorithm cannot use: not valid.
            return false;
        }
    }
}
