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

/**
 * Principals of tokens that passed verification, keyed by the whole token so that two tokens can
 * never share an entry. An entry lives until the token's exp and never longer than the configured
 * maximum; failures are never stored. Memory is bounded by maxEntries times the token size cap.
 */
final class PrincipalCache {
    private record Entry(BoundPrincipal caller, String keyId, long expiresAtMillis) {
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

    void put(String token, OidcPrincipal principal, String keyId, long tokenExpiresAtEpochSeconds) {
        put(token, new BoundPrincipal(principal, null), keyId, tokenExpiresAtEpochSeconds);
    }

    void put(String token, BoundPrincipal caller, String keyId, long tokenExpiresAtEpochSeconds) {
        final long now = clock.millis();
        final long until = Math.min(TimeUnit.SECONDS.toMillis(tokenExpiresAtEpochSeconds), now + maxTtlMillis);
        if (until > now) {
            cache.put(new TokenKey(token), new Entry(caller, keyId, until));
        }
    }

    /**
     * Drops every entry verified with a key that has left its key set. A token without kid was
     * verified by the one configured key that fit its algorithm, which may be the one removed, so its entry goes too.
     */
    void invalidateKeys(Set<String> keyIds) {
        cache.asMap().values().removeIf(entry -> entry.keyId() == null || keyIds.contains(entry.keyId()));
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
