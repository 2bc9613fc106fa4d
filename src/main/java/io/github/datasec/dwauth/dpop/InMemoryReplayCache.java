package io.github.datasec.dwauth.dpop;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay cache of a single instance: at most {@code maxEntries} proof ids, each held until its
 * proof could no longer pass the iat window. Every id is held for the same span, so insertion
 * order is expiry order and aged ids are dropped from the head as new ones arrive. When the cache
 * is full of live ids it answers {@link Outcome#UNKNOWN} instead of evicting one.
 */
public final class InMemoryReplayCache implements ReplayCache {
    private final int maxEntries;
    private final Clock clock;
    // Guarded by this; the value is when the id may be forgotten, in epoch milliseconds.
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public InMemoryReplayCache(int maxEntries, Clock clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public synchronized Outcome firstUse(String proofId, Instant forgetAfter) {
        dropAged(clock.millis());
        if (seen.containsKey(proofId)) {
            return Outcome.REPLAYED;
        }
        if (seen.size() >= maxEntries) {
            return Outcome.UNKNOWN;
        }
        seen.put(proofId, forgetAfter.toEpochMilli());
        return Outcome.FIRST_USE;
    }

    public synchronized int size() {
        dropAged(clock.millis());
        return seen.size();
    }

    private void dropAged(long now) {
        final Iterator<Map.Entry<String, Long>> oldestFirst = seen.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue() <= now) {
            oldestFirst.remove();
        }
    }
}
