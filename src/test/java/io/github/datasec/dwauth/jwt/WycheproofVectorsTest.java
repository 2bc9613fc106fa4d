package io.github.datasec.dwauth.jwt;

import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.CryptoProvider;
import io.github.datasec.dwauth.config.JwksConfiguration;
import io.github.datasec.dwauth.config.TokenValidationConfiguration;
import io.github.datasec.dwauth.jwks.CachedKeySet;
import io.github.datasec.dwauth.jwks.JwksKeyResolver;
import io.github.datasec.dwauth.jwks.JwksMetrics;
import io.github.datasec.dwauth.jwks.VerificationKeys;
import io.github.datasec.dwauth.support.StubJwksEndpoint;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Google's Wycheproof JWS and JWK vectors (src/test/resources/wycheproof, Apache 2.0, see SOURCE.md)
 * through the bundle's own {@link TokenVerifier}: the group's key served as a JWKS (so {@link VerificationKeys}
 * filters it and {@link JwksKeyResolver} picks from it), under an allow-list of one algorithm. The vectors'
 * payloads are not JWT claims, so the furthest any of them can get is the claims rule after the signature:
 * {@code invalid-claims} is how a vector shows that its signature held (see {@link #bundleAccepts}).
 *
 * <p>The allow-list is what an operator would configure for the group: the algorithm of its valid
 * vectors (or, with none, the algorithm its key declares). PS* cannot be configured in the bundle
 * today, but the signature path handles it, so those vectors still test it.
 *
 * <p>What the run shows:
 * <ul>
 *   <li>Every invalid vector is refused.</li>
 *   <li>Valid vectors are refused in three deliberate cases: HMAC (the bundle never uses a symmetric
 *       key: a public JWKS cannot hold a secret); a key whose {@code alg} names a different algorithm
 *       than the token (RFC 7520's PS256 key signing PS384, its "ES521" key signing ES512), which
 *       issue 4 requires refusing; and an empty payload (a JWT's payload is its claims set, so the
 *       shape check refuses an empty segment before anything is parsed).</li>
 *   <li>Plain jose4j ({@code JsonWebSignature} with its defaults and the group's key) accepts twenty
 *       invalid vectors the bundle refuses: five signed with a different algorithm than the key's
 *       {@code alg} (ps512 group: the resolver binds key and algorithm), four whose key is for
 *       encryption ({@code use: enc} or {@code key_ops: [encrypt]}: {@link VerificationKeys} skips
 *       them), and eleven with non-canonical base64url (spaces, stray characters, padding, unused
 *       bits: jose4j's decoder is lenient, {@link TokenShape} is not).</li>
 *   <li>JWK vectors: every invalid one refused except the ROCA key (tcId 7), whose modulus carries
 *       the Infineon fingerprint; the bundle does not test for it (Keycloak's keys come from the JDK).</li>
 * </ul>
 */
class WycheproofVectorsTest {
    private static final String KEY_SET_URL = "https://wycheproof.invalid/jwks";

    /** Invalid vectors plain jose4j 0.9.6 accepts; each is refused by the bundle (see the class comment). */
    private static final Set<Integer> PLAIN_JOSE4J_ACCEPTS_INVALID = Set.of(
            332, 334, 336, 338, 340,
            353, 354, 355, 356,
            360, 361, 362, 365, 366, 367, 368, 369, 370, 371, 375);

    /**
     * Base64 vectors whose label disagrees with RFC 7515's base64url: 367 and 370 ("invalid padding")
     * are byte for byte the valid vector 357 (the padding they were meant to carry is not in the
     * file), and 372 and 373 are labelled valid although they contain '?', which is not base64url.
     */
    private static final Set<Integer> BASE64_LABELS_AT_ODDS_WITH_RFC_7515 = Set.of(367, 370, 372, 373);

    private static final int ROCA_KEY_VECTOR = 7;

    // ---------------------------------------------------------------- JWS vectors

    @TestFactory
    Stream<DynamicTest> signatureVectorsThroughTheBundlesVerifier() throws IOException {
        return signatureVectorTests(CryptoProvider.DEFAULT);
    }

    /** The same vectors with the native provider verifying (tokenValidation.cryptoProvider: accp). */
    @TestFactory
    Stream<DynamicTest> signatureVectorsThroughTheBundlesVerifierWithAccp() throws IOException {
        return signatureVectorTests(CryptoProvider.ACCP);
    }

    private static Stream<DynamicTest> signatureVectorTests(CryptoProvider provider) throws IOException {
        return signatureVectors().stream().map(vector -> DynamicTest.dynamicTest(vector.toString(), () -> {
            final boolean accepted = bundleAccepts(vector.jws(), vector.keySetJson(), vector.configuredAlgorithm(), provider);
            if (!vector.valid()) {
                assertThat(accepted).as("invalid vector must be refused").isFalse();
            } else if (vector.refusedByDesign()) {
                assertThat(accepted).as("valid, but refused by design (see the class comment)").isFalse();
            } else {
                assertThat(accepted).as("valid vector must be accepted").isTrue();
            }
        }));
    }

    @Test
    void validVectorsRefusedByDesignAreExactlyTheHmacKeyAlgorithmMismatchAndEmptyPayloadOnes() throws IOException {
        final Set<Integer> refusedValid = new TreeSet<>();
        for (SignatureVector vector : signatureVectors()) {
            if (vector.valid() && !bundleAccepts(vector.jws(), vector.keySetJson(), vector.configuredAlgorithm())) {
                refusedValid.add(vector.tcId());
            }
        }

        assertThat(refusedValid).containsExactly(
                1, 259, 264, 268, 272, 320, 325, 346, 347, 348, 350, 351, 352, 357, 358, 359, 372, 373, 376, 377);
    }

    @Test
    void plainJose4jAcceptsTwentyInvalidVectorsThatTheBundleRefuses() throws IOException {
        final Set<Integer> plainAcceptsInvalid = new TreeSet<>();
        for (SignatureVector vector : signatureVectors()) {
            if (!vector.valid() && plainJose4jAccepts(vector)) {
                plainAcceptsInvalid.add(vector.tcId());
                assertThat(bundleAccepts(vector.jws(), vector.keySetJson(), vector.configuredAlgorithm()))
                        .as("tcId %d", vector.tcId()).isFalse();
            }
        }

        assertThat(plainAcceptsInvalid).isEqualTo(PLAIN_JOSE4J_ACCEPTS_INVALID);
    }

    @Test
    void shapeCheckAgreesWithTheBase64VectorsExceptWhereTheirLabelsContradictRfc7515() throws IOException {
        final Set<Integer> disagreements = new TreeSet<>();
        for (SignatureVector vector : signatureVectors()) {
            if (vector.group().equals("base64") && shapeAccepts(vector.jws()) != vector.valid()) {
                disagreements.add(vector.tcId());
            }
        }

        assertThat(disagreements).isEqualTo(BASE64_LABELS_AT_ODDS_WITH_RFC_7515);
        final Map<Integer, String> jws = signatureVectors().stream()
                .collect(Collectors.toMap(SignatureVector::tcId, SignatureVector::jws));
        assertThat(jws.get(367)).isEqualTo(jws.get(357));
        assertThat(jws.get(370)).isEqualTo(jws.get(357));
        assertThat(jws.get(372)).contains("?");
        assertThat(jws.get(373)).contains("?");
    }

    // ---------------------------------------------------------------- JWK vectors

    @Test
    void jwkVectorsKeysAreKeptOrSkippedAsExpected() throws Exception {
        // tcId -> keys VerificationKeys keeps from the group's key set.
        final Map<Integer, Integer> expectedUsable = Map.ofEntries(
                Map.entry(1, 1),   // mixed set: the oct key is skipped, the EC key kept
                Map.entry(2, 0), Map.entry(3, 0), Map.entry(4, 0),   // oct keys only
                Map.entry(5, 1),   // valid RS256 key
                Map.entry(6, 0),   // use: enc
                Map.entry(7, 1),   // ROCA modulus: not detected
                Map.entry(8, 0),   // 1024-bit RSA
                Map.entry(9, 0),   // public exponent 1: the JDK refuses to build the key
                Map.entry(10, 0), Map.entry(11, 0), Map.entry(12, 0), Map.entry(13, 0), Map.entry(14, 0),
                Map.entry(15, 0), Map.entry(16, 0), Map.entry(17, 0), Map.entry(18, 0),   // HMAC keys
                Map.entry(19, 1), Map.entry(20, 1),   // kept, but their alg (ES521, ES224) never matches a token
                Map.entry(21, 0),  // use: enc
                Map.entry(22, 1),  // point not on the curve: kept, no signature verifies under it
                Map.entry(23, 1),  // P-256 coordinates labelled P-384: kept as P-384, never fits ES256
                Map.entry(24, 0),  // EC parameters under kty RSA: malformed
                Map.entry(25, 0), Map.entry(26, 0));   // AES keys
        for (KeyVector vector : keyVectors()) {
            assertThat(VerificationKeys.parse(vector.keySetJson()).size()).as(vector.toString())
                    .isEqualTo(expectedUsable.get(vector.tcId()));
        }
        assertThat(keyVectors()).extracting(KeyVector::tcId).containsExactlyInAnyOrderElementsOf(expectedUsable.keySet());
    }

    @Test
    void everyInvalidJwkVectorIsRefusedExceptTheRocaKey() throws Exception {
        final Set<Integer> acceptedInvalid = new TreeSet<>();
        for (KeyVector vector : keyVectors()) {
            if (!vector.valid() && bundleAccepts(vector.jws(), vector.keySetJson(), headerAlgorithm(vector.jws()))) {
                acceptedInvalid.add(vector.tcId());
            }
        }

        assertThat(acceptedInvalid).containsExactly(ROCA_KEY_VECTOR);
    }

    @Test
    void everyValidJwkVectorWithAnAsymmetricKeyIsAcceptedAndHmacOnesAreNot() throws Exception {
        final Set<Integer> acceptedValid = new TreeSet<>();
        final Set<Integer> refusedValid = new TreeSet<>();
        for (KeyVector vector : keyVectors()) {
            if (vector.valid()) {
                (bundleAccepts(vector.jws(), vector.keySetJson(), headerAlgorithm(vector.jws())) ? acceptedValid : refusedValid)
                        .add(vector.tcId());
            }
        }

        assertThat(acceptedValid).containsExactly(5);
        assertThat(refusedValid).containsExactly(2, 13, 14, 15);
    }

    // ---------------------------------------------------------------- the signature path

    /**
     * Whether {@link TokenVerifier#verify} lets the vector past its signature rule. The vectors sign text such as
     * {@code foo}, not a claims set, and the verifier parses the claims only once the signature holds: a vector whose
     * signature holds is refused for {@code invalid-claims}, and every rule up to the signature refuses with a reason
     * of its own. Anything but a {@link TokenRejectedException} fails the test.
     */
    private static boolean bundleAccepts(String jws, String keySetJson, String configuredAlgorithm) {
        return bundleAccepts(jws, keySetJson, configuredAlgorithm, CryptoProvider.DEFAULT);
    }

    private static boolean bundleAccepts(String jws, String keySetJson, String configuredAlgorithm, CryptoProvider provider) {
        return reasonRefusing(jws, keySetJson, configuredAlgorithm, provider) == RejectionReason.INVALID_CLAIMS;
    }

    private static RejectionReason reasonRefusing(String jws, String keySetJson, String configuredAlgorithm, CryptoProvider provider) {
        final AuthenticationConfiguration config = new AuthenticationConfiguration()
                .setTokenValidationAlgorithm(configuredAlgorithm)
                .setTokenValidation(new TokenValidationConfiguration().setCryptoProvider(provider));
        final CachedKeySet keySet = new CachedKeySet(KEY_SET_URL, new StubJwksEndpoint(keySetJson),
                new JwksConfiguration(), Clock.systemUTC(), new JwksMetrics(new MetricRegistry()), removed -> { });
        final TokenVerifier verifier = new TokenVerifier(config, new JwksKeyResolver(List.of(keySet))::resolve, Set.of());
        try {
            verifier.verify(jws);
        } catch (TokenRejectedException refused) {
            return refused.reason();
        }
        throw new AssertionError("A Wycheproof payload is no claims set, yet the verifier accepted it");
    }

    private static boolean shapeAccepts(String jws) {
        try {
            TokenShape.check(jws, new TokenValidationConfiguration().getMaxTokenLength());
            return true;
        } catch (TokenRejectedException refused) {
            return false;
        }
    }

    /** jose4j as an application would use it without the bundle: defaults, and the group's key as given. */
    private static boolean plainJose4jAccepts(SignatureVector vector) {
        try {
            final JsonWebSignature signature = new JsonWebSignature();
            signature.setCompactSerialization(vector.jws());
            signature.setKey(plainKey(vector.keySetJson(), signature.getKeyIdHeaderValue()));
            return signature.verifySignature();
        } catch (JoseException | RuntimeException refused) {
            return false;
        }
    }

    private static Key plainKey(String keySetJson, String kid) throws JoseException {
        final List<JsonWebKey> keys = new JsonWebKeySet(keySetJson).getJsonWebKeys();
        final JsonWebKey chosen = keys.stream().filter(key -> Objects.equals(key.getKeyId(), kid)).findFirst().orElse(keys.get(0));
        return chosen instanceof PublicJsonWebKey publicKey ? publicKey.getPublicKey() : chosen.getKey();
    }

    private static String headerAlgorithm(String jws) {
        try {
            final JsonWebSignature signature = new JsonWebSignature();
            signature.setCompactSerialization(jws);
            return signature.getAlgorithmHeaderValue();
        } catch (JoseException e) {
            throw new IllegalStateException("A JWK vector whose header cannot be read", e);
        }
    }

    // ---------------------------------------------------------------- loading

    private record SignatureVector(int tcId, String group, String comment, String jws, boolean valid,
                                   String keySetJson, String configuredAlgorithm, boolean refusedByDesign) {
        @Override
        public String toString() {
            return "tcId " + tcId + " " + group + " " + comment + " (" + (valid ? "valid" : "invalid") + ")";
        }
    }

    private record KeyVector(int tcId, String group, String comment, String jws, boolean valid, String keySetJson) {
        @Override
        public String toString() {
            return "tcId " + tcId + " " + group + " " + comment + " (" + (valid ? "valid" : "invalid") + ")";
        }
    }

    private static List<SignatureVector> signatureVectors() throws IOException {
        final List<SignatureVector> vectors = new ArrayList<>();
        for (Map<String, Object> group : groups("json_web_signature_test.json")) {
            final Map<String, Object> keySet = keySetOf(group);
            final String groupName = (String) group.get("comment");
            final List<Map<String, Object>> tests = maps(group.get("tests"));
            final String configured = configuredAlgorithm(tests, keySet);
            for (Map<String, Object> test : tests) {
                // One vector uses JSON serialization; its JSON text is what a client would send.
                final String jws = test.get("jws") instanceof String text ? text : JsonUtil.toJson(map(test.get("jws")));
                final boolean valid = "valid".equals(test.get("result"));
                vectors.add(new SignatureVector(number(test.get("tcId")), groupName, (String) test.get("comment"), jws, valid,
                        JsonUtil.toJson(keySet), configured, valid && refusedByDesign(keySet, jws)));
            }
        }
        return vectors;
    }

    private static List<KeyVector> keyVectors() throws IOException {
        final List<KeyVector> vectors = new ArrayList<>();
        for (Map<String, Object> group : groups("json_web_key_test.json")) {
            final String keySet = JsonUtil.toJson(keySetOf(group));
            for (Map<String, Object> test : maps(group.get("tests"))) {
                vectors.add(new KeyVector(number(test.get("tcId")), (String) group.get("comment"), (String) test.get("comment"),
                        (String) test.get("jws"), "valid".equals(test.get("result")), keySet));
            }
        }
        return vectors;
    }

    /** The algorithm of the group's valid vectors, else the one its key declares. */
    private static String configuredAlgorithm(List<Map<String, Object>> tests, Map<String, Object> keySet) {
        for (Map<String, Object> test : tests) {
            if ("valid".equals(test.get("result"))) {
                return headerAlgorithm((String) test.get("jws"));
            }
        }
        final Object declared = map(list(keySet.get("keys")).get(0)).get("alg");
        return declared != null ? (String) declared : headerAlgorithm((String) tests.get(0).get("jws"));
    }

    private static boolean refusedByDesign(Map<String, Object> keySet, String jws) {
        final Map<String, Object> key = map(list(keySet.get("keys")).get(0));
        return "oct".equals(key.get("kty"))
                || (key.get("alg") != null && !key.get("alg").equals(headerAlgorithm(jws)))
                || jws.split("\\.", -1)[1].isEmpty();
    }

    /** The group's public key (set) if it has one, else its private one, always as a key set. */
    private static Map<String, Object> keySetOf(Map<String, Object> group) {
        final Map<String, Object> key = map(group.containsKey("public") ? group.get("public") : group.get("private"));
        return key.containsKey("keys") ? key : Map.of("keys", List.of(key));
    }

    private static List<Map<String, Object>> groups(String file) throws IOException {
        try (InputStream in = WycheproofVectorsTest.class.getResourceAsStream("/wycheproof/" + file)) {
            Objects.requireNonNull(in, "missing test resource wycheproof/" + file);
            return maps(JsonUtil.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("testGroups"));
        } catch (JoseException e) {
            throw new IOException("Cannot parse wycheproof/" + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }
}
