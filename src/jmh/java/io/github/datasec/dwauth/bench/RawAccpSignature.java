package io.github.datasec.dwauth.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.security.Provider;

/** The raw floor with Amazon Corretto Crypto Provider: its own key class, its own Signature. */
@State(Scope.Thread)
public class RawAccpSignature extends RawSignature {
    @Override
    Provider provider() {
        AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        return AmazonCorrettoCryptoProvider.INSTANCE;
    }
}
