package io.github.datasec.dwauth.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;

/**
 * The floor no RS256 verifier can go below with the JDK's provider: the benchmark token's signing
 * input and signature split and decoded in advance, its key and one {@link Signature} per thread
 * prepared in advance, so that a call is {@code initVerify}, {@code update} and {@code verify} alone.
 */
@State(Scope.Thread)
public class RawSignature {
    private PublicKey key;
    private byte[] signingInput;
    private byte[] signature;
    private Signature verifier;

    @Setup
    public void setUp(TokenVerificationBenchmark benchmark) throws GeneralSecurityException {
        final String token = benchmark.fixture().token;
        final int lastDot = token.lastIndexOf('.');
        final Provider provider = provider();
        key = provider == null ? benchmark.fixture().key.getPublicKey()
                : (PublicKey) KeyFactory.getInstance("RSA", provider).translateKey(benchmark.fixture().key.getPublicKey());
        signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        verifier = provider == null ? Signature.getInstance("SHA256withRSA") : Signature.getInstance("SHA256withRSA", provider);
        if (!verify()) {
            throw new IllegalStateException("the floor must verify the fixture's token");
        }
    }

    /** The provider to verify with; null for the JVM's own order (SunRsaSign). */
    Provider provider() {
        return null;
    }

    boolean verify() throws InvalidKeyException, SignatureException {
        verifier.initVerify(key);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }
}
