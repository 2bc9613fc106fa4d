package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.bench.BenchFixture;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a first-seen verification's time goes outside the signature: each step of
 * {@link TokenVerifier#verify} on its own, on the benchmark token, with the steps before it done in
 * the setup. Read beside {@code TokenVerificationBenchmark}'s {@code rawFloor} and {@code firstSeenVerifier}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VerificationStepsBenchmark {
    private String token;
    private TokenShape.Segments segments;
    private CompactJws jws;
    private HeaderRules headerRules;
    private SignatureCheck signatureCheck;
    private PublicKey key;
    private Set<String> keptClaims;

    private static BenchFixture shared;

    /** One fixture for all threads: logging is set up once, and every thread works on the same token. */
    private static synchronized BenchFixture sharedFixture() throws JoseException {
        if (shared == null) {
            shared = new BenchFixture();
        }
        return shared;
    }

    @Setup
    public void setUp() throws JoseException, TokenRejectedException {
        final BenchFixture fixture = sharedFixture();
        token = fixture.token;
        segments = TokenShape.check(token, 8192);
        jws = CompactJws.read(segments);
        headerRules = new HeaderRules(Set.of("RS256"));
        signatureCheck = new SignatureCheck(Set.of("RS256"), SignatureProvider.jdkDefault());
        key = fixture.key.getPublicKey();
        payloadText = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.')).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        keptClaims = Set.of("exp", "nbf", "iat", "iss", "aud", "azp", "typ", "sub", "jti", "cnf",
                "email", "preferred_username", "email_verified");
        try {
            raw = java.security.Signature.getInstance("SHA256withRSA");
            raw.initVerify(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!signatureCheck.verifies(jws, "RS256", key)) {
            throw new IllegalStateException("the steps must run on a token that verifies");
        }
    }

    /** Length, dots, padding, the token as bytes, the three segments decoded. */
    @Benchmark
    public TokenShape.Segments shape() throws TokenRejectedException {
        return TokenShape.check(token, 8192);
    }

    /** The header read into a map. */
    @Benchmark
    public CompactJws header() throws TokenRejectedException {
        return CompactJws.read(segments);
    }

    @Benchmark
    public CompactJws headerRules() throws TokenRejectedException {
        headerRules.check(jws.header());
        return jws;
    }

    @Benchmark
    public boolean signature() {
        return signatureCheck.verifies(jws, "RS256", key);
    }

    private static final com.fasterxml.jackson.core.JsonFactory PLAIN = new com.fasterxml.jackson.core.JsonFactory();
    private static final com.fasterxml.jackson.core.JsonFactory DUPS = com.fasterxml.jackson.core.JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @Benchmark
    public int tokensOnly() throws java.io.IOException {
        return tokens(PLAIN);
    }

    @Benchmark
    public int tokensOnlyDups() throws java.io.IOException {
        return tokens(DUPS);
    }

    private int tokens(com.fasterxml.jackson.core.JsonFactory f) throws java.io.IOException {
        int n = 0;
        try (com.fasterxml.jackson.core.JsonParser p = f.createParser(segments.payload())) {
            while (p.nextToken() != null) {
                n++;
            }
        }
        return n;
    }

    private java.security.Signature raw;

    @Benchmark
    public boolean rawWithInit() throws Exception {
        raw.initVerify(key);
        raw.update(segments.ascii(), 0, segments.signingInputLength());
        return raw.verify(segments.signature());
    }

    @Benchmark
    public boolean rawWithoutInit() throws Exception {
        raw.update(segments.ascii(), 0, segments.signingInputLength());
        return raw.verify(segments.signature());
    }

    @Benchmark
    public int countQuotes() {
        final byte[] p = segments.payload();
        int n = 0;
        for (byte b : p) {
            if (b == '"') {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public JwtClaims claimsNoneKept() throws TokenRejectedException {
        return jws.claims(Set.of());
    }

    @Benchmark
    public byte[] decodePayload() {
        return java.util.Base64.getUrlDecoder().decode(payloadText);
    }
    private byte[] payloadText;

    /** The claims the default configuration reads kept, the others skipped. */
    @Benchmark
    public JwtClaims claims() throws TokenRejectedException {
        return jws.claims(keptClaims);
    }
}
