package io.github.datasec.dwauth.jwt;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Where signatures are verified: the JVM's provider order, or one provider object that is used
 * directly and never registered, so that the JVM-wide provider order stays the operator's.
 */
final class SignatureProvider {
    private final Provider provider;

    private SignatureProvider(Provider provider) {
        this.provider = provider;
    }

    static SignatureProvider jdkDefault() {
        return new SignatureProvider(null);
    }

    Signature newSignature(JwsAlgorithm algorithm) {
        try {
            final Signature signature = provider != null && provider.getService("Signature", algorithm.jcaName()) != null
                    ? Signature.getInstance(algorithm.jcaName(), provider)
                    : Signature.getInstance(algorithm.jcaName());
            if (algorithm.parameters() != null) {
                signature.setParameter(algorithm.parameters());
            }
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM cannot verify " + algorithm + " signatures", e);
        }
    }

    /** The key in the form this provider verifies with. */
    PublicKey prepared(PublicKey key) {
        return key;
    }
}
