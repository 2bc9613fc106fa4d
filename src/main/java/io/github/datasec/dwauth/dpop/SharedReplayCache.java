package io.github.datasec.dwauth.dpop;

import io.github.datasec.dwauth.session.SessionStore;
import io.github.datasec.dwauth.session.SessionStoreUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Proof ids in the session store's single-use marks, so that with Redis a proof spent at one replica
 * is refused at every other. When the store does not answer, the outcome is unknown and the proof is
 * refused; the store's own health check shows the outage.
 */
public final class SharedReplayCache implements ReplayCache {
    private static final String KEY_PREFIX = "dpop-jti:";

    private final SessionStore store;
    private final Clock clock;

    public SharedReplayCache(SessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Outcome firstUse(String proofId, Instant forgetAfter) {
        final Duration timeToLive = Duration.between(clock.instant(), forgetAfter);
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            return Outcome.UNKNOWN;
        }
        try {
            return store.firstUse(KEY_PREFIX + proofId, timeToLive) ? Outcome.FIRST_USE : Outcome.REPLAYED;
        } catch (SessionStoreUnavailableException e) {
            return Outcome.UNKNOWN;
        }
    }
}
