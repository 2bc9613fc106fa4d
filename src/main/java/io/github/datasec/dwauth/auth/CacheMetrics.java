package io.github.datasec.dwauth.auth;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;

/** Feeds Caffeine's statistics of the principal cache into Dropwizard meters. */
final class CacheMetrics implements StatsCounter {
    private final Meter hits;
    private final Meter misses;
    private final Meter evictions;

    CacheMetrics(MetricRegistry registry) {
        this.hits = registry.meter(MetricRegistry.name(AuthMetrics.PREFIX, "token-cache", "hits"));
        this.misses = registry.meter(MetricRegistry.name(AuthMetrics.PREFIX, "token-cache", "misses"));
        this.evictions = registry.meter(MetricRegistry.name(AuthMetrics.PREFIX, "token-cache", "evictions"));
    }

    @Override public void recordHits(int count) { hits.mark(count); }
    @Override public void recordMisses(int count) { misses.mark(count); }
    @Override public void recordLoadSuccess(long loadTime) { }
    @Override public void recordLoadFailure(long loadTime) { }
    @Override public void recordEviction(int weight, RemovalCause cause) { evictions.mark(); }

    @Override
    public CacheStats snapshot() {
        return CacheStats.of(hits.getCount(), misses.getCount(), 0, 0, 0, evictions.getCount(), evictions.getCount());
    }
}
