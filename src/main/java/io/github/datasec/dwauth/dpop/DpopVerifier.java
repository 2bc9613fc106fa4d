package io.github.datasec.dwauth.dpop;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.DpopConfiguration;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DPoP for one request, in two steps around the token's own verification: {@link #verifyProof}
 * before the token is trusted (exactly one proof, and every rule of {@link ProofVerifier}), then
 * {@link #confirm} once the token is known: its {@code cnf.jkt} must be the proof key's thumbprint,
 * and only then is the proof's jti spent, so that proofs with forged tokens cannot fill the cache.
 */
public final class DpopVerifier {
    private final ProofVerifier proofs;
    private final ReplayCache replays;
    private final DpopNonces nonces;
    private final DpopMetrics metrics;
    private final RequestTarget target;
    private final List<String> algorithms;
    private final Clock clock;

    public DpopVerifier(ProofVerifier proofs, ReplayCache replays, DpopNonces nonces, DpopMetrics metrics,
                        RequestTarget target, List<String> algorithms, Clock clock) {
        this.proofs = proofs;
        this.replays = replays;
        this.nonces = nonces;
        this.metrics = metrics;
        this.target = target;
        this.algorithms = List.copyOf(algorithms);
        this.clock = clock;
    }

    /** Wired from the configuration, with the in-memory replay cache unless another is given. */
    public static DpopVerifier create(AuthenticationConfiguration config, ReplayCache replays, DpopMetrics metrics, Clock clock) {
        final DpopConfiguration dpop = config.getDpop();
        final Duration lifetime = Duration.ofMillis(dpop.getProofLifetime().toMilliseconds());
        final Duration skew = Duration.ofMillis(config.getTokenValidation().getClockSkew().toMilliseconds());
        final DpopNonces nonces = dpop.isRequireNonce() ? new DpopNonces(lifetime, clock) : null;
        final Set<String> algorithms = new LinkedHashSet<>(dpop.getAlgorithms());
        return new DpopVerifier(new ProofVerifier(algorithms, lifetime, skew, nonces, clock),
                replays == null ? new InMemoryReplayCache(dpop.getReplayCacheSize(), clock) : replays,
                nonces, metrics, new RequestTarget(dpop), List.copyOf(algorithms), clock);
    }

    /** Step one: the proof headers of the request, checked against its method, URI and token. */
    public DpopProof verifyProof(List<String> proofHeaders, String method, String htu, String accessToken)
            throws ProofRejectedException {
        if (proofHeaders == null || proofHeaders.isEmpty()) {
            throw rejected(ProofRejection.MISSING_PROOF);
        }
        if (proofHeaders.size() > 1) {
            throw rejected(ProofRejection.MULTIPLE_PROOFS);
        }
        try {
            return proofs.verify(proofHeaders.get(0), method, htu, accessToken);
        } catch (ProofRejectedException e) {
            throw rejected(e.reason());
        }
    }

    /** Step two: the verified token's bound key must be the proof's, and the proof must be new. */
    public void confirm(DpopProof proof, String tokenKeyThumbprint) throws ProofRejectedException {
        if (tokenKeyThumbprint == null) {
            throw rejected(ProofRejection.TOKEN_NOT_BOUND);
        }
        if (!tokenKeyThumbprint.equals(proof.keyThumbprint())) {
            throw rejected(ProofRejection.KEY_MISMATCH);
        }
        switch (replays.firstUse(proof.replayKey(), clock.instant().plus(proofs.replayWindow()))) {
            case FIRST_USE -> metrics.accepted();
            case REPLAYED -> throw rejected(ProofRejection.REPLAYED);
            default -> throw rejected(ProofRejection.REPLAY_CHECK_UNAVAILABLE);
        }
    }

    /** Counts a refusal that the filter decides on its own, such as a bearer token where DPoP is required. */
    public ProofRejectedException rejected(ProofRejection reason) {
        metrics.rejected(reason);
        return new ProofRejectedException(reason);
    }

    public RequestTarget target() {
        return target;
    }

    /** The accepted proof algorithms, for the {@code algs} of challenges and the resource metadata. */
    public List<String> algorithms() {
        return algorithms;
    }

    /** The nonce to hand out in {@code DPoP-Nonce}, or null when nonces are not required. */
    public String currentNonce() {
        return nonces == null ? null : nonces.current();
    }
}
