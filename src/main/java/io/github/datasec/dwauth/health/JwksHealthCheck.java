package io.github.datasec.dwauth.health;

import com.codahale.metrics.health.HealthCheck;
import io.github.datasec.dwauth.jwks.CachedKeySet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Healthy while every key set has usable keys. Keys past their cache lifetime but within the
 * retain period still count (the provider is down, tokens still verify) and the message says so.
 */
public final class JwksHealthCheck extends HealthCheck {
    public static final String NAME = "jwks";

    private final List<CachedKeySet> keySets;
    private final Clock clock;

    public JwksHealthCheck(List<CachedKeySet> keySets, Clock clock) {
        this.keySets = List.copyOf(keySets);
        this.clock = clock;
    }

    @Override
    protected Result check() {
        final List<String> problems = new ArrayList<>();
        final List<String> states = new ArrayList<>();
        final Instant now = clock.instant();
        for (CachedKeySet set : keySets) {
            final String error = set.lastError().map(e -> "; last fetch failed: " + e).orElse("");
            if (!set.hasUsableKeys()) {
                problems.add(set.url() + (set.snapshot().isEmpty()
                        ? ": keys were never fetched" : ": keys are stale past the retain period") + error);
                continue;
            }
            final CachedKeySet.Snapshot snapshot = set.snapshot().orElseThrow();
            final String age = now.isAfter(snapshot.expiresAt()) ? "stale since " + snapshot.expiresAt() : "fresh";
            states.add(set.url() + ": " + snapshot.keys().size() + " keys, " + age + error);
        }
        if (!problems.isEmpty()) {
            return Result.unhealthy(String.join("; ", problems));
        }
        return Result.healthy(String.join("; ", states));
    }
}
