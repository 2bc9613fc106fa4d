package io.github.datasec.dwauth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.datasec.dwauth.config.CryptoProvider;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Where signatures are verified: the JVM's provider order, or one provider object that is used
 * directly and never registered, so that the JVM-wide provider order stays the operator's.
 */
final class SignatureProvider {
    private static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final String ACCP_MISSING = "Invalid authentication configuration: authenticationConfiguration."
            + "tokenValidation.cryptoProvider is accp, but Amazon Corretto Crypto Provider ";

    private final Provider provider;
    /**
     * Each key of a key set in the provider's own key class, made once: a foreign key would be
     * translated on every verification. Weak keys compare by identity and leave with their key set.
     */
    private final Cache<PublicKey, PublicKey> preparedKeys = Caffeine.newBuilder().weakKeys().build();

    private SignatureProvider(Provider provider) {
        this.provider = provider;
    }

    static SignatureProvider jdkDefault() {
        return new SignatureProvider(null);
    }

    /** The configured provider; stops startup, naming the field, when {@code accp} is asked for but cannot be used. */
    static SignatureProvider configured(CryptoProvider choice, ClassLoader loader) {
        return choice == CryptoProvider.ACCP ? new SignatureProvider(healthyAccp(loader)) : jdkDefault();
    }

    private static Provider healthyAccp(ClassLoader loader) {
        final Provider accp;
        try {
            accp = (Provider) Class.forName(ACCP_CLASS, true, loader).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(ACCP_MISSING + "is not on the class path (add "
                    + "software.amazon.cryptools:AmazonCorrettoCryptoProvider with classifier linux-x86_64)", e);
        }
        try {
            accp.getClass().getMethod("assertHealthy").invoke(accp);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(ACCP_MISSING + "failed to load or its self-test failed on this machine", e);
        }
        return accp;
    }

    Signature newSignature(JwsAlgorithm algorithm) {
        try {
            final Signature signature = offers("Signature", algorithm.jcaName())
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
        if (provider == null || !offers("KeyFactory", key.getAlgorithm())) {
            return key;
        }
        return preparedKeys.get(key, this::translated);
    }

    private PublicKey translated(PublicKey key) {
        try {
            return (PublicKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            // The provider does not take this key; the JVM's own form still verifies.
            return key;
        }
    }

    private boolean offers(String type, String algorithm) {
        return provider != null && provider.getService(type, algorithm) != null;
    }
}
