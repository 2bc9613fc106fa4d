package io.github.datasec.dwauth.dpop;

import io.github.datasec.dwauth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The single-instance replay cache: bounded, and when full it refuses rather than forgets. */
class InMemoryReplayCacheTest {
    private static final Duration WINDOW = Duration.ofSeconds(120);

    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void tellsAFirstUseFromAReplay() {
        final InMemoryReplayCache cache = new InMemoryReplayCache(10, clock);

        assertThat(cache.firstUse("a", later())).isEqualTo(ReplayCache.Outcome.FIRST_USE);
        assertThat(cache.firstUse("b", later())).isEqualTo(ReplayCache.Outcome.FIRST_USE);
        assertThat(cache.firstUse("a", later())).isEqualTo(ReplayCache.Outcome.REPLAYED);
    }

    @Test
    void aFloodOfFreshIdsStaysWithinTheBoundAndIsRefusedInsteadOfForgettingOldIds() {
        final InMemoryReplayCache cache = new InMemoryReplayCache(1_000, clock);
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            if (cache.firstUse("flood-" + i, later()) == ReplayCache.Outcome.UNKNOWN) {
                refused++;
            }
            assertThat(cache.size()).isLessThanOrEqualTo(1_000);
        }

        assertThat(refused).isEqualTo(49_000);
        assertThat(cache.firstUse("flood-0", later())).as("the oldest id is still remembered").isEqualTo(ReplayCache.Outcome.REPLAYED);
        assertThat(cache.firstUse("flood-999", later())).isEqualTo(ReplayCache.Outcome.REPLAYED);
    }

    @Test
    void takesNewIdsAgainOnceTheOldOnesCanNoLongerPassTheWindow() {
        final InMemoryReplayCache cache = new InMemoryReplayCache(1_000, clock);
        for (int i = 0; i < 1_000; i++) {
            cache.firstUse("old-" + i, later());
        }
        assertThat(cache.firstUse("new", later())).isEqualTo(ReplayCache.Outcome.UNKNOWN);

        clock.advance(WINDOW.minusSeconds(1));
        assertThat(cache.firstUse("new", later())).isEqualTo(ReplayCache.Outcome.UNKNOWN);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.firstUse("new", later())).isEqualTo(ReplayCache.Outcome.FIRST_USE);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.firstUse("old-0", later())).as("an aged id may come back: its proof fails the iat window anyway")
                .isEqualTo(ReplayCache.Outcome.FIRST_USE);
    }

    @Test
    void heapStaysBoundedUnderAFloodOfLongIds() {
        final InMemoryReplayCache cache = new InMemoryReplayCache(1_000, clock);
        final Runtime runtime = Runtime.getRuntime();
        System.gc();
        final long before = runtime.totalMemory() - runtime.freeMemory();
        for (int i = 0; i < 200_000; i++) {
            cache.firstUse(i + "-".repeat(200), later());
        }
        System.gc();
        final long after = runtime.totalMemory() - runtime.freeMemory();

        assertThat(cache.size()).isEqualTo(1_000);
        // 1000 ids of about 200 characters take well under a megabyte; 200000 of them would take 40 MB or more.
        assertThat(after - before).isLessThan(16L * 1024 * 1024);
    }

    private Instant later() {
        return clock.instant().plus(WINDOW);
    }
}
