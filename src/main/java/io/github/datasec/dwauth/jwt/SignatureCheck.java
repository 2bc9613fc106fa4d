package io.github.datasec.dwauth.jwt;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a JWS signature with the JCA, paying only for the signature: one {@link Signature} per
 * algorithm and thread, looked up once (no provider search per token), initialised again only when
 * the key changes, and the signing input handed over as the bytes the token already is.
 */
final class SignatureCheck {
    private final Map<JwsAlgorithm, ThreadLocal<Prepared>> signatures = new EnumMap<>(JwsAlgorithm.class);
    private final SignatureProvider provider;

    SignatureCheck(Set<String> algorithms, SignatureProvider provider) {
        this.provider = provider;
        for (String name : algorithms) {
            final JwsAlgorithm algorithm = JwsAlgorithm.named(name);
            if (algorithm != null) {
                signatures.put(algorithm, ThreadLocal.withInitial(() -> new Prepared(provider.newSignature(algorithm))));
            }
        }
    }

    /** True only when {@code key} verifies the token's signature under {@code alg}, one of the configured algorithms. */
    boolean verifies(CompactJws jws, String alg, PublicKey key) {
        final JwsAlgorithm algorithm = JwsAlgorithm.named(alg);
        final ThreadLocal<Prepared> perThread = algorithm == null ? null : signatures.get(algorithm);
        if (perThread == null) {
            return false;
        }
        final byte[] signatureBytes = jws.signature();
        if (!algorithm.wellFormed(signatureBytes)) {
            return false;
        }
        final Prepared prepared = perThread.get();
        final Signature signature = prepared.signature;
        try {
            if (prepared.key != key) {
                prepared.key = null;
                signature.initVerify(provider.prepared(key));
                prepared.key = key;
            }
            signature.update(jws.ascii(), 0, jws.signingInputLength());
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A signature of the wrong length or encoding, or a key the algorithm cannot use: not valid. What
            // state the object was left in is not promised, so the next token initialises it again.
            prepared.key = null;
            return false;
        }
    }

    /**
     * A thread's {@link Signature} and the key set's key it was initialised with (with the provider's form of it). Each
     * {@code verify} returns it to that state, whatever it answers (the JCA's contract), so a token under the
     * same key needs neither {@code initVerify} nor the provider's form looked up again.
     */
    private static final class Prepared {
        private final Signature signature;
        private PublicKey key;

        private Prepared(Signature signature) {
            this.signature = signature;
        }
    }
}
