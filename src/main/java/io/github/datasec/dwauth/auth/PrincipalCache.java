package io.github.datasec.dwauth.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.datasec.dwauth.config.TokenCacheConfiguration;
import io.github.datasec.dwauth.principal.OidcPrincipal;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Principals of tokens that passed verification, keyed by the whole token so that two tokens can
 * never share an entry. An entry lives until the token's exp and never longer than the configured
 * maximum; failures are never stored. Memory is bounded by maxEntries times the token size cap.
 */
final class PrincipalCache {
    private record Entry(OidcPrincipal principal, String keyId, long expiresAtMillis) {
    }

    private final Cache<String, Entry> cache;
    private final Clock clock;
    private final long maxTtlMillis;

    PrincipalCache(TokenCacheConfiguration config, Clock clock, MetricRegistry metrics) {
        this.clock = clock;
        this.maxTtlMillis = config.getMaxTimeToLive().toMilliseconds();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.getMaxEntries())
                .expireAfter(Expiry.<String, Entry>creating((token, entry) ->
                        java.time.Duration.ofMillis(Math.max(0, entry.expiresAtMillis() - clock.millis()))))
                .recordStats(() -> new CacheMetrics(metrics))
                .build();
    }

    OidcPrincipal get(String token) {
        final Entry entry = cache.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        // Caffeine expires on its own ticker; the wall clock has the final word on exp.
        if (clock.millis() >= entry.expiresAtMillis()) {
            cache.invalidate(token);
            return null;
        }
        return entry.principal();
    }

    void put(String token, OidcPrincipal principal, String keyId, long tokenExpiresAtEpochSeconds) {
        final long now = clock.millis();
        final long until = Math.min(TimeUnit.SECONDS.toMillis(tokenExpiresAtEpochSeconds), now + maxTtlMillis);
        if (until > now) {
            cache.put(token, new Entry(principal, keyId, until));
        }
    }

    /** Drops every entry verified with a key that has left its key set. */
    void invalidateKeys(Set<String> keyIds) {
        cache.asMap().values().removeIf(entry -> entry.keyId() != null && keyIds.contains(entry.keyId()));
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
