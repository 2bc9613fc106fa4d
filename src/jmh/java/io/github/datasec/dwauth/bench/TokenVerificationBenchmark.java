package io.github.datasec.dwauth.bench;

import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.jwt.VerifiedToken;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
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

import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one token, on one key and one Keycloak-sized token, against the raw floor (the RSA
 * signature alone), with plain jose4j as a peer, down to a cache hit. Ten seconds of warm-up: on two
 * busy threads of a 2-core machine the JIT compiles slowly, and with three seconds the first
 * measured seconds still ran up to twice as slow. Command-line options override the defaults.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TokenVerificationBenchmark {
    private static final int BEARER_PREFIX = "Bearer ".length();

    private BenchFixture fixture;

    @Setup
    public void setUp() throws JoseException {
        fixture = new BenchFixture();
    }

    BenchFixture fixture() {
        return fixture;
    }

    /** (0) The floor: one SHA256withRSA verification of the pre-split signing input, key and Signature prepared once. */
    @Benchmark
    public boolean rawFloor(RawSignature raw) throws SignatureException, InvalidKeyException {
        return raw.verify();
    }

    /** (0b) The floor with Amazon Corretto Crypto Provider instead of SunRsaSign. */
    @Benchmark
    public boolean rawFloorAccp(RawAccpSignature raw) throws SignatureException, InvalidKeyException {
        return raw.verify();
    }

    /** (2c) The bundle's verifier with tokenValidation.cryptoProvider: accp. */
    @Benchmark
    public VerifiedToken firstSeenVerifierAccp() throws TokenRejectedException {
        return fixture.accpVerifier.verify(fixture.token);
    }

    /** (1) A peer: plain jose4j's JwtConsumer with the same key, token and rules. */
    @Benchmark
    public JwtClaims baselineJose4j() throws InvalidJwtException {
        return fixture.plainJose4j.processToClaims(fixture.token);
    }

    /** (2) A token seen for the first time: the bundle's verifier has no cache, so every call is a first sight. */
    @Benchmark
    public VerifiedToken firstSeenVerifier() throws TokenRejectedException {
        return fixture.verifier.verify(fixture.token);
    }

    /** (2b) The same through the whole authenticator with the token cache off: verification plus the principal. */
    @Benchmark
    public OidcPrincipal firstSeenCacheOff() throws TokenRejectedException {
        return fixture.uncachedAuthenticator.authenticateOrReject(fixture.token);
    }

    /**
     * (3) A cached token as a request presents it: a new String cut from the Authorization header,
     * as the filter does, so its hash code is computed afresh as on every real request.
     */
    @Benchmark
    public OidcPrincipal cachedAuthenticator() throws TokenRejectedException {
        return fixture.authenticator.authenticateOrReject(fixture.authorizationHeader.substring(BEARER_PREFIX));
    }

    /** (3b) The cache lookup alone: the same String every time, its hash code already known. */
    @Benchmark
    public OidcPrincipal cachedAuthenticatorSameString() throws TokenRejectedException {
        return fixture.authenticator.authenticateOrReject(fixture.token);
    }

    /** (4a) A malformed token, refused by the shape check. */
    @Benchmark
    public RejectionReason rejectMalformed() {
        return rejection(fixture.malformedToken);
    }

    /** (4b) A well-formed token naming a kid absent from the key set, while refetching is cooling down. */
    @Benchmark
    public RejectionReason rejectUnknownKid() {
        return rejection(fixture.unknownKidToken);
    }

    /**
     * For {@link BenchmarkReport}'s rounds, not a row of its own: each iteration runs the row {@link Turns} names,
     * the floor or one of the first-seen rows, on the same fixture as the rows above.
     */
    @Benchmark
    public Object interleaved(Turns turns, RawSignature raw) throws SignatureException, InvalidKeyException, TokenRejectedException {
        return switch (turns.row()) {
            case FLOOR -> raw.verify();
            case FIRST_SEEN -> fixture.verifier.verify(fixture.token);
            case FIRST_SEEN_ACCP -> fixture.accpVerifier.verify(fixture.token);
            case CACHE_OFF -> fixture.uncachedAuthenticator.authenticateOrReject(fixture.token);
        };
    }

    private RejectionReason rejection(String token) {
        try {
            fixture.authenticator.authenticateOrReject(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new IllegalStateException("a token that must be refused was accepted");
    }
}
