package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.bench.BenchFixture;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.principal.PrincipalResolver;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a first-seen verification's time goes outside the signature: each step of
 * {@link TokenVerifier#verify} on its own, on the benchmark token, with the steps before it done in
 * the setup. Read beside {@code TokenVerificationBenchmark}'s {@code rawFloor} and {@code firstSeenVerifier}:
 * {@code java -cp target/benchmarks.jar org.openjdk.jmh.Main VerificationStepsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VerificationStepsBenchmark {
    private static BenchFixture shared;

    private String token;
    private TokenShape.Segments segments;
    private CompactJws jws;
    private Map<String, Object> header;
    private HeaderRules headerRules;
    private CheckedHeaders checkedHeaders;
    private SignatureCheck signatureCheck;
    private PublicKey key;
    /** What the default configuration keeps: the rules' claims and the principal's. */
    private Set<String> keptClaims;
    private TokenVerifier verifier;
    private JwtClaims claims;

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
        jws = new CompactJws(segments);
        headerRules = new HeaderRules(Set.of("RS256"));
        checkedHeaders = new CheckedHeaders(headerRules);
        checkedHeaders.check(segments.header());
        header = JoseJson.object(segments.header());
        signatureCheck = new SignatureCheck(Set.of("RS256"), SignatureProvider.jdkDefault());
        key = fixture.key.getPublicKey();
        keptClaims = TokenVerifier.keptClaims(
                new PrincipalResolver(new AuthenticationConfiguration(), new AuthorizerConfiguration()).claimNames());
        if (!signatureCheck.verifies(jws, "RS256", key)) {
            throw new IllegalStateException("the steps must run on a token that verifies");
        }
        verifier = fixture.verifier;
        claims = jws.claims(keptClaims);
        if (verifier.brokenRule(claims, System.currentTimeMillis() / 1000) != null) {
            throw new IllegalStateException("the claim rules must run on claims that pass them");
        }
    }

    /** Length, dots, padding, the token as bytes, the three segments decoded. */
    @Benchmark
    public TokenShape.Segments shape() throws TokenRejectedException {
        return TokenShape.check(token, 8192);
    }

    /** A header not seen before, read into a map. */
    @Benchmark
    public Map<String, Object> header() throws TokenRejectedException {
        return JoseJson.object(segments.header());
    }

    /** The header rules on a header not seen before. */
    @Benchmark
    public Map<String, Object> headerRules() throws TokenRejectedException {
        headerRules.check(header);
        return header;
    }

    /** What a token under the same header as the last one pays instead of both: a comparison of the decoded bytes. */
    @Benchmark
    public CheckedHeaders.Header rememberedHeader() throws TokenRejectedException {
        return checkedHeaders.check(segments.header());
    }

    /** The thread's prepared Signature, already initialised with the key: update and verify. */
    @Benchmark
    public boolean signature() {
        return signatureCheck.verifies(jws, "RS256", key);
    }

    /** The claims the default configuration reads kept, the others skipped. */
    @Benchmark
    public JwtClaims claims() throws TokenRejectedException {
        return jws.claims(keptClaims);
    }

    /** Every claim rule on the kept claims, against one reading of the clock. */
    @Benchmark
    public RejectionReason claimRules() {
        return verifier.brokenRule(claims, System.currentTimeMillis() / 1000);
    }
}
