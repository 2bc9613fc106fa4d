package io.github.datasec.dwauth.dpop;

import java.time.Instant;

/**
 * Proof ids seen recently. An implementation that cannot tell (full, or its store unreachable)
 * says {@link Outcome#UNKNOWN}, and the proof is refused: forgetting would let a replay through.
 */
public interface ReplayCache {
    enum Outcome { FIRST_USE, REPLAYED, UNKNOWN }

    /** Records {@code proofId} until {@code forgetAfter} and says whether it had been seen. */
    Outcome firstUse(String proofId, Instant forgetAfter);
}
