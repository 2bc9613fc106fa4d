package io.github.datasec.dwauth.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.config.TokenCacheConfiguration;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache on its own, with time under the test's control. Caffeine expires entries on its own
 * ticker while the cache also checks the wall clock, so each expiry rule is tested with both time
 * sources moving together and with each moving alone: either one must be enough to end an entry.
 */
class PrincipalCacheTest {
    private static final long START_SECONDS = 1_900_000_000L;
    private static final OidcPrincipal ALICE = new OidcPrincipal("alice", "alice@example.com", "sub-a", Set.of(), false);
    private static final OidcPrincipal BOB = new OidcPrincipal("bob", "bob@example.com", "sub-b", Set.of(), false);

    private final ManualTime time = new ManualTime(Instant.ofEpochSecond(START_SECONDS));
    private final MetricRegistry metrics = new MetricRegistry();

    /** Which time source a test moves forward. */
    enum Moving { BOTH, WALL_CLOCK_ONLY, CAFFEINE_TICKER_ONLY }

    @ParameterizedTest
    @EnumSource(Moving.class)
    void servesAnEntryUntilTheMillisecondBeforeExpAndNotAtExp(Moving moving) {
        final PrincipalCache cache = cache(new TokenCacheConfiguration().setMaxTimeToLive(Duration.hours(1)));
        putVerifiedJustNow(cache, "token-a", ALICE, "kid-1", START_SECONDS + 60);

        time.advance(moving, 60_000 - 1);
        assertThat(cache.get("token-a")).isEqualTo(ALICE);

        time.advance(moving, 1);
        assertThat(cache.get("token-a")).isNull();
        // Eviction runs on Caffeine's timer wheel (buckets of about a second); reads above are exact.
        time.advance(moving, TimeUnit.SECONDS.toMillis(2));
        assertThat(cache.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Moving.class)
    void neverKeepsAnEntryLongerThanMaxTimeToLiveEvenWhenExpIsLater(Moving moving) {
        final PrincipalCache cache = cache(new TokenCacheConfiguration().setMaxTimeToLive(Duration.minutes(5)));
        putVerifiedJustNow(cache, "token-a", ALICE, "kid-1", START_SECONDS + 3600);

        time.advance(moving, TimeUnit.MINUTES.toMillis(5) - 1);
        assertThat(cache.get("token-a")).isEqualTo(ALICE);

        time.advance(moving, 1);
        assertThat(cache.get("token-a")).isNull();
    }

    @Test
    void caffeineExpiresTheEntryByItselfAndCountsAnEviction() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        putVerifiedJustNow(cache, "token-a", ALICE, "kid-1", START_SECONDS + 60);

        // Past exp by more than one bucket of Caffeine's timer wheel, which evicts with about a second's granularity.
        time.advance(Moving.CAFFEINE_TICKER_ONLY, 62_000);

        // size() runs Caffeine's maintenance without a lookup, so no wall-clock check is involved.
        assertThat(cache.size()).isZero();
        assertThat(meter("evictions")).isEqualTo(1);
    }

    @Test
    void doesNotStoreATokenThatHasAlreadyExpired() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        putVerifiedJustNow(cache, "token-expired", ALICE, "kid-1", START_SECONDS);
        putVerifiedJustNow(cache, "token-long-expired", ALICE, "kid-1", START_SECONDS - 3600);

        assertThat(cache.size()).isZero();
        assertThat(cache.get("token-expired")).isNull();
        assertThat(cache.get("token-long-expired")).isNull();
    }

    @Test
    void keysEveryEntryByTheWholeToken() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        final String token = "header.payload.signature";
        putVerifiedJustNow(cache, token, ALICE, "kid-1", START_SECONDS + 60);

        assertThat(cache.get(token)).isEqualTo(ALICE);
        // Same header and payload, or same signature: different tokens, so no entry.
        assertThat(cache.get("header.payload.signaturf")).isNull();
        assertThat(cache.get("header.payloae.signature")).isNull();
        assertThat(cache.get(token.substring(1))).isNull();
        assertThat(cache.get(new String(token.toCharArray()))).isEqualTo(ALICE);
    }

    @Test
    void keepsTokensApartThatEndAlikeAndDifferOnlyEarlier() {
        // The hash looks only at a token's end; equality must still look at all of it.
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        final String signature = "s".repeat(342);
        putVerifiedJustNow(cache, "header.payload-of-alice." + signature, ALICE, "kid-1", START_SECONDS + 60);
        putVerifiedJustNow(cache, "header.payload-of-bob." + signature, BOB, "kid-1", START_SECONDS + 60);

        assertThat(cache.get("header.payload-of-alice." + signature)).isEqualTo(ALICE);
        assertThat(cache.get("header.payload-of-bob." + signature)).isEqualTo(BOB);
        assertThat(cache.get("header.payload-of-eve." + signature)).isNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void staysWithinMaxEntriesAndCountsWhatItEvicts() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration().setMaxEntries(3));
        for (int i = 0; i < 50; i++) {
            putVerifiedJustNow(cache, "token-" + i, ALICE, "kid-1", START_SECONDS + 60);
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(meter("evictions")).isEqualTo(47);
    }

    @Test
    void dropsEveryEntryOfARemovedKeyAndKeepsTheOthers() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        putVerifiedJustNow(cache, "token-a1", ALICE, "kid-old", START_SECONDS + 60);
        putVerifiedJustNow(cache, "token-a2", BOB, "kid-old", START_SECONDS + 60);
        putVerifiedJustNow(cache, "token-b", BOB, "kid-new", START_SECONDS + 60);

        cache.invalidateKeys(Set.of("kid-old", "kid-never-used"));

        assertThat(cache.get("token-a1")).isNull();
        assertThat(cache.get("token-a2")).isNull();
        assertThat(cache.get("token-b")).isEqualTo(BOB);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void dropsEntriesOfTokensWithoutKidWheneverAnyKeyIsRemoved() {
        // Such a token was verified by the one key that fit its algorithm, which may be the removed one.
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        putVerifiedJustNow(cache, "token-no-kid", ALICE, null, START_SECONDS + 60);
        putVerifiedJustNow(cache, "token-b", BOB, "kid-kept", START_SECONDS + 60);

        cache.invalidateKeys(Set.of("kid-removed"));

        assertThat(cache.get("token-no-kid")).isNull();
        assertThat(cache.get("token-b")).isEqualTo(BOB);
    }

    @Test
    void doesNotStoreAnEntryWhoseKeyWasRetiredWhileItWasBeingVerified() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        final long beforeVerifying = cache.retirements();

        cache.invalidateKeys(Set.of("kid-1"));
        cache.put("token-a", new BoundPrincipal(ALICE, null), "kid-1", START_SECONDS + 60, beforeVerifying);
        cache.put("token-no-kid", new BoundPrincipal(ALICE, null), null, START_SECONDS + 60, beforeVerifying);

        assertThat(cache.get("token-a")).isNull();
        assertThat(cache.get("token-no-kid")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void storesAnEntryWhoseKeyStayedWhileAnotherWasRetired() {
        // As when a token with a new kid makes the refetch that retires an old key: that token is still cached.
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        final long beforeVerifying = cache.retirements();

        cache.invalidateKeys(Set.of("kid-old"));
        cache.put("token-b", new BoundPrincipal(BOB, null), "kid-new", START_SECONDS + 60, beforeVerifying);

        assertThat(cache.get("token-b")).isEqualTo(BOB);
    }

    @Test
    void doesNotStoreAnEntryAfterSeveralRetirementsWhateverTheyRetired() {
        // Only the latest retirement's kids are kept, so after two the key may have been among the first.
        final PrincipalCache cache = cache(new TokenCacheConfiguration());
        final long beforeVerifying = cache.retirements();

        cache.invalidateKeys(Set.of("kid-1"));
        cache.invalidateKeys(Set.of("kid-other"));
        cache.put("token-a", new BoundPrincipal(ALICE, null), "kid-1", START_SECONDS + 60, beforeVerifying);

        assertThat(cache.get("token-a")).isNull();
    }

    @Test
    void countsHitsAndMisses() {
        final PrincipalCache cache = cache(new TokenCacheConfiguration());

        assertThat(cache.get("token-a")).isNull();
        putVerifiedJustNow(cache, "token-a", ALICE, "kid-1", START_SECONDS + 60);
        assertThat(cache.get("token-a")).isEqualTo(ALICE);
        assertThat(cache.get("token-a")).isEqualTo(ALICE);
        assertThat(cache.get("token-b")).isNull();

        assertThat(meter("hits")).isEqualTo(2);
        assertThat(meter("misses")).isEqualTo(2);
        assertThat(meter("evictions")).isZero();
    }

    private PrincipalCache cache(TokenCacheConfiguration config) {
        return new PrincipalCache(config, time.clock(), time.ticker(), metrics);
    }

    private long meter(String name) {
        return metrics.meter(MetricRegistry.name(AuthMetrics.PREFIX, "token-cache", name)).getCount();
    }

    /**
     * A wall clock and a Caffeine ticker that the test moves by hand, together or apart. Also used by
     * {@link TokenAuthenticatorCacheTest}.
     */
    /** Stores a principal as the authenticator does for a token whose verification no retirement overlapped. */
    private static void putVerifiedJustNow(PrincipalCache cache, String token, OidcPrincipal principal, String keyId, long expiresAtSeconds) {
        cache.put(token, new BoundPrincipal(principal, null), keyId, expiresAtSeconds, cache.retirements());
    }

    static final class ManualTime {
        private final MutableClock wall;
        // Caffeine's ticker has an arbitrary origin, like System.nanoTime(); it is not tied to the wall clock.
        private volatile long tickerNanos = TimeUnit.DAYS.toNanos(3);

        ManualTime(Instant start) {
            this.wall = new MutableClock(start);
        }

        void advance(Moving moving, long millis) {
            if (moving != Moving.CAFFEINE_TICKER_ONLY) {
                wall.advance(java.time.Duration.ofMillis(millis));
            }
            if (moving != Moving.WALL_CLOCK_ONLY) {
                tickerNanos += TimeUnit.MILLISECONDS.toNanos(millis);
            }
        }

        Clock clock() {
            return wall;
        }

        Ticker ticker() {
            return () -> tickerNanos;
        }
    }
}
