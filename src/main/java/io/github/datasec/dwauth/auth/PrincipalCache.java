package io.github.datasec.dwauth.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.datasec.dwauth.config.TokenCacheConfiguration;
import io.github.datasec.dwauth.principal.OidcPrincipal;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Principals of tokens that passed verification, keyed by the whole token so that two tokens can
 * never share an entry. An entry lives until the token's exp and never longer than the configured
 * maximum; failures are never stored. Memory is bounded by maxEntries times the token size cap.
 */
final class PrincipalCache {
    private record Entry(BoundPrincipal caller, String keyId, long expiresAtMillis) {
    }

    /** The latest of {@code count} key retirements so far, and the kids it retired. */
    private record Retirement(long count, Set<String> keyIds) {
        /** An entry verified with {@code keyId} goes when its key is retired; one verified without kid goes whenever any key is. */
        boolean covers(String keyId) {
            return keyId == null || keyIds.contains(keyId);
        }
    }

    /**
     * The whole token, compared in full; only its hash comes from the last characters, which lie in
     * the signature and so differ between any two tokens the issuer signs. Each request brings its
     * token as a new String, and hashing all of a token of a kilobyte or more costs more than the
     * rest of a cache hit together.
     */
    private static final class TokenKey {
        private static final int HASHED_CHARS = 32;

        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int h = 0;
            for (int i = Math.max(0, token.length() - HASHED_CHARS); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey key && token.equals(key.token);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Cache<TokenKey, Entry> cache;
    private final Clock clock;
    private final long maxTtlMillis;
    /** So that a verification that overlapped a key retirement can tell (see {@link #retirements()}). */
    private final AtomicReference<Retirement> lastRetirement = new AtomicReference<>(new Retirement(0, Set.of()));

    PrincipalCache(TokenCacheConfiguration config, Clock clock, MetricRegistry metrics) {
        this(config, clock, Ticker.systemTicker(), metrics);
    }

    /** With Caffeine's own time source given explicitly, so that tests can move it apart from the wall clock. */
    PrincipalCache(TokenCacheConfiguration config, Clock clock, Ticker ticker, MetricRegistry metrics) {
        this.clock = clock;
        this.maxTtlMillis = config.getMaxTimeToLive().toMilliseconds();
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(config.getMaxEntries())
                .expireAfter(Expiry.<TokenKey, Entry>creating((token, entry) ->
                        java.time.Duration.ofMillis(Math.max(0, entry.expiresAtMillis() - clock.millis()))))
                .recordStats(() -> new CacheMetrics(metrics))
                .build();
    }

    OidcPrincipal get(String token) {
        final BoundPrincipal caller = lookup(token);
        return caller == null ? null : caller.principal();
    }

    /** The cached caller with the key its token is bound to; the binding must still be proven per request. */
    BoundPrincipal lookup(String token) {
        final TokenKey key = new TokenKey(token);
        final Entry entry = cache.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        // Caffeine expires on its own ticker; the wall clock has the final word on exp.
        if (clock.millis() >= entry.expiresAtMillis()) {
            cache.invalidate(key);
            return null;
        }
        return entry.caller();
    }

    /**
     * The number of key retirements so far. Read it before verifying a token and hand it to
     * {@link #put}: a key retired while the token was being verified may be the one that verified it.
     */
    long retirements() {
        return lastRetirement.get().count();
    }

    /**
     * Stores the caller unless the key that verified it was retired since {@code retirementsBeforeVerifying}.
     * The check runs again after the write, because a retirement may evict just before this entry
     * lands; the eviction counts before it evicts, so one of the two always sees the other.
     */
    void put(String token, BoundPrincipal caller, String keyId, long tokenExpiresAtEpochSeconds, long retirementsBeforeVerifying) {
        final long now = clock.millis();
        final long until = Math.min(TimeUnit.SECONDS.toMillis(tokenExpiresAtEpochSeconds), now + maxTtlMillis);
        if (until <= now || retiredSince(retirementsBeforeVerifying, keyId)) {
            return;
        }
        final TokenKey key = new TokenKey(token);
        cache.put(key, new Entry(caller, keyId, until));
        if (retiredSince(retirementsBeforeVerifying, keyId)) {
            cache.invalidate(key);
        }
    }

    private boolean retiredSince(long retirementsBefore, String keyId) {
        final Retirement last = lastRetirement.get();
        // Only the latest retirement's kids are kept; after more than one, the key may be among the earlier ones.
        return last.count() != retirementsBefore && (last.count() - retirementsBefore > 1 || last.covers(keyId));
    }

    /**
     * Drops every entry verified with a key that has left its key set. A token without kid was
     * verified by the one configured key that fit its algorithm, which may be the one removed, so its entry goes too.
     */
    void invalidateKeys(Set<String> keyIds) {
        // Counted before evicting: a put that lands after the eviction pass must already see the count.
        final Retirement retirement = lastRetirement.updateAndGet(last -> new Retirement(last.count() + 1, Set.copyOf(keyIds)));
        cache.asMap().values().removeIf(entry -> retirement.covers(entry.keyId()));
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
