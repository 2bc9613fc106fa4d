package io.github.datasec.dwauth.jwks;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the one key, across every configured key set, that may verify a token: same kid, a key
 * type and curve that fit the token's algorithm, and the key's own {@code alg} if it names one.
 */
public final class JwksKeyResolver implements VerificationKeyResolver {
    private static final Map<String, String> CURVES = Map.of(
            "ES256", EllipticCurves.P_256, "ES384", EllipticCurves.P_384, "ES512", EllipticCurves.P_521);

    private final List<CachedKeySet> keySets;

    public JwksKeyResolver(List<CachedKeySet> keySets) {
        this.keySets = List.copyOf(keySets);
    }

    public List<CachedKeySet> keySets() {
        return keySets;
    }

    /** For jose4j consumers (ID and logout tokens): the same lookup, by the JWS's own kid and alg. */
    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        return resolve(jws.getKeyIdHeaderValue(), jws.getAlgorithmHeaderValue());
    }

    /** The one key that may verify a token with this {@code kid} (null when it names none) and {@code alg}. */
    public PublicKey resolve(String kid, String alg) throws KeyNotFoundException {
        // Cached keys first, so that a key set still being fetched (or hanging) never holds up a
        // token whose key another set already has; then sets never fetched; then a refetch for the kid.
        List<PublicJsonWebKey> matches = matching(kid, alg, CachedKeySet::cachedKeys);
        if (matches.isEmpty()) {
            matches = matching(kid, alg, CachedKeySet::keys);
        }
        if (matches.isEmpty() && kid != null) {
            matches = matching(kid, alg, set -> set.keysIncluding(kid));
        }
        if (matches.isEmpty()) {
            throw new KeyNotFoundException(anyUsableKeys());
        }
        // The same key published by two sets (one issuer under two host names) is one key, not an ambiguity.
        final PublicKey key = matches.get(0).getPublicKey();
        for (int i = 1; i < matches.size(); i++) {
            if (!matches.get(i).getPublicKey().equals(key)) {
                throw new KeyNotFoundException(true);
            }
        }
        return key;
    }

    private List<PublicJsonWebKey> matching(String kid, String alg, Function<CachedKeySet, VerificationKeys> lookup) {
        final List<PublicJsonWebKey> found = new ArrayList<>(1);
        for (CachedKeySet set : keySets) {
            final VerificationKeys keys = lookup.apply(set);
            for (PublicJsonWebKey key : keys.candidates(kid)) {
                if (fits(key, alg)) {
                    found.add(key);
                }
            }
        }
        return found;
    }

    private boolean anyUsableKeys() {
        return keySets.stream().anyMatch(CachedKeySet::hasUsableKeys);
    }

    static boolean fits(PublicJsonWebKey key, String alg) {
        if (alg == null || (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg))) {
            return false;
        }
        if (key instanceof RsaJsonWebKey) {
            return alg.startsWith("RS") || alg.startsWith("PS");
        }
        if (key instanceof EllipticCurveJsonWebKey ec) {
            return ec.getCurveName() != null && ec.getCurveName().equals(CURVES.get(alg));
        }
        return false;
    }

    /** The token cannot be matched to a key; distinct so that it is counted apart from bad signatures. */
    public static final class KeyNotFoundException extends UnresolvableKeyException {
        private final boolean keysAvailable;

        KeyNotFoundException(boolean keysAvailable) {
            super(keysAvailable ? "no single key in the configured key sets matches the token's kid and algorithm"
                    : "no signing keys are available from the configured key sets");
            this.keysAvailable = keysAvailable;
        }

        /** False when the key sets could not be fetched at all, as opposed to the token naming an unknown key. */
        public boolean keysAvailable() {
            return keysAvailable;
        }

        /**
         * An answer about the token, not a fault: no stack trace, which would cost more than the
         * rejection itself deep in a server's request thread.
         */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
