package io.github.datasec.dwauth.bench;

import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.auth.BearerTokenAuthFilter;
import io.github.datasec.dwauth.auth.OidcAuthentication;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.config.DpopConfiguration;
import io.github.datasec.dwauth.config.JwksConfiguration;
import io.github.datasec.dwauth.dpop.DpopMetrics;
import io.dropwizard.util.Duration;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A DPoP request through the bearer filter (token cached, proof verified, jti spent) against the
 * floor of any DPoP check, one ES256 verification with {@code java.security.Signature} over the
 * proof's signing input, and against a cached bearer request through the same filter, in one run.
 * Every DPoP invocation uses a proof with a fresh jti, signed ahead in the setup of each of its own iterations
 * ({@link Proofs}), so the other two benchmarks do not pay for signing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DpopRequestBenchmark {
    private static final String URL = "http://localhost:8585/api/v1/users/loggedInUser";

    /**
     * The issuer's and the client's keys and their tokens, made once per JVM: JMH gives a state that another state's
     * setup takes as a parameter an instance of its own, and its proofs must be for this instance's token.
     */
    private static final class Material {
        private static final BenchFixture FIXTURE;
        private static final EllipticCurveJsonWebKey CLIENT_KEY;
        private static final String BOUND_TOKEN;

        static {
            try {
                FIXTURE = new BenchFixture();
                CLIENT_KEY = EcJwkGenerator.generateJwk(EllipticCurves.P256);
                final JwtClaims bound = BenchFixture.claims();
                bound.setClaim("typ", "DPoP");
                bound.setClaim("cnf", Map.of("jkt", CLIENT_KEY.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256)));
                BOUND_TOKEN = BenchFixture.sign(FIXTURE.key, bound);
            } catch (JoseException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final MetricRegistry metrics = new MetricRegistry();
    private final EllipticCurveJsonWebKey clientKey = Material.CLIENT_KEY;
    private final String boundToken = Material.BOUND_TOKEN;
    private final String bearerToken = Material.FIXTURE.token;
    private BearerTokenAuthFilter filter;
    private byte[] floorInput;
    private byte[] floorSignature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        final BenchFixture fixture = Material.FIXTURE;

        final AuthenticationConfiguration config = new AuthenticationConfiguration()
                .setAuthority(BenchFixture.AUTHORITY)
                .setClientId(BenchFixture.CLIENT_ID)
                .setPublicKeyUrls(List.of(BenchFixture.JWKS_URL))
                .setJwks(new JwksConfiguration().setRefetchCooldown(Duration.hours(1)))
                // Proofs are signed ahead of each iteration, so they must stay fresh for longer than signing them takes.
                .setDpop(new DpopConfiguration().setReplayCacheSize(10_000_000).setProofLifetime(Duration.minutes(10)));
        final String jwks = "{\"keys\":[" + fixture.key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
        filter = OidcAuthentication.create(config, new AuthorizerConfiguration().setAdminPrincipals(Set.of("admin-user")).setPrincipalDomain("data-sec.example"),
                BenchFixture.inMemory(jwks), metrics, Clock.systemUTC()).newFilter();

        final String floorProof = proof();
        floorInput = floorProof.substring(0, floorProof.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        floorSignature = Base64.getUrlDecoder().decode(floorProof.substring(floorProof.lastIndexOf('.') + 1));
        if (!es256Floor() || dpopRequest(proof()) == null || bearerRequest() == null) {
            throw new IllegalStateException("every benchmark's request must be accepted");
        }
    }

    /** Proofs with fresh jtis for one iteration of {@link #dpopRequest(Proofs)}; an exhausted pool fails the run. */
    @State(Scope.Thread)
    public static class Proofs {
        // A DPoP request costs at least one ES256 verification, over 100 µs with the JDK's provider on any machine we
        // know, so a 1 s iteration needs fewer than this; signing more would make each iteration's setup the run's cost.
        private static final int PER_ITERATION = 12_000;

        private String[] proofs;
        private int next;

        @Setup(Level.Iteration)
        public void sign() throws JoseException {
            proofs = new String[PER_ITERATION];
            for (int i = 0; i < proofs.length; i++) {
                proofs[i] = proof();
            }
            next = 0;
        }

        String next() {
            return proofs[next++];
        }
    }

    @TearDown(Level.Trial)
    public void checkNothingWasRefused() {
        final Map<String, Long> refused = metrics.getMeters().entrySet().stream()
                .filter(meter -> meter.getKey().startsWith(DpopMetrics.PREFIX + ".rejected") && meter.getValue().getCount() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, meter -> meter.getValue().getCount()));
        if (!refused.isEmpty()) {
            throw new IllegalStateException("DPoP requests were refused, so the run measured the wrong path: " + refused);
        }
    }

    /** (1) The floor: one ES256 verification of a proof's signing input, nothing else. */
    @Benchmark
    public boolean es256Floor() throws GeneralSecurityException {
        final Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(clientKey.getECPublicKey());
        verifier.update(floorInput);
        return verifier.verify(floorSignature);
    }

    /** (2) A DPoP request: token from the principal cache, proof fully checked, jti spent. */
    @Benchmark
    public Object dpopRequest(Proofs proofs) {
        return dpopRequest(proofs.next());
    }

    private Object dpopRequest(String proof) {
        final ContainerRequest request = request("DPoP " + boundToken);
        request.header("DPoP", proof);
        filter.filter(request);
        return request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
    }

    /** (3) The same request with a cached bearer token: what DPoP adds is (2) minus this. */
    @Benchmark
    public Object bearerRequest() {
        final ContainerRequest request = request("Bearer " + bearerToken);
        filter.filter(request);
        return request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
    }

    private static ContainerRequest request(String authorization) {
        final ContainerRequest request = new ContainerRequest(URI.create("http://localhost:8585/"), URI.create(URL), "GET",
                null, new MapPropertiesDelegate(), null);
        request.header("Authorization", authorization);
        return request;
    }

    private static String proof() throws JoseException {
        final JwtClaims claims = new JwtClaims();
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("htm", "GET");
        claims.setClaim("htu", URL);
        claims.setIssuedAtToNow();
        claims.setClaim("ath", sha256(Material.BOUND_TOKEN));
        final JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "dpop+jwt");
        jws.setJwkHeader(Material.CLIENT_KEY);
        jws.setPayload(claims.toJson());
        jws.setKey(Material.CLIENT_KEY.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private static String sha256(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
