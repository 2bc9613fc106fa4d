package io.github.datasec.dwauth.jwks;

import io.github.datasec.dwauth.config.JwksConfiguration;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The key set of one URL. Requests never wait while usable keys are cached: refreshes run ahead
 * of expiry from the scheduler ({@link #refreshIfDue()}). A request waits for the network only
 * when no keys were ever fetched, or for a kid that is really absent, and then all such
 * requests share one fetch, and unknown kids trigger at most one fetch per cooldown.
 */
public final class CachedKeySet {
    private static final Logger LOG = LoggerFactory.getLogger(CachedKeySet.class);

    private final String url;
    private final SimpleGet http;
    private final Clock clock;
    private final JwksMetrics metrics;
    private final Consumer<Set<String>> onKeysRetired;
    private final CacheLifetime lifetime;
    private final Duration refetchCooldown;
    private final Duration retryInterval;
    private final Duration retainOnError;
    private final long maxWaitMillis;

    private final AtomicReference<InFlight> inflight = new AtomicReference<>();
    private volatile Snapshot snapshot;
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile Instant lastUnknownKidFetch = Instant.MIN;
    private volatile String lastError;

    public CachedKeySet(String url, SimpleGet http, JwksConfiguration config, Clock clock, JwksMetrics metrics,
                        Consumer<Set<String>> onKeysRetired) {
        this.url = url;
        this.http = http;
        this.clock = clock;
        this.metrics = metrics;
        this.onKeysRetired = onKeysRetired;
        this.lifetime = new CacheLifetime(config.getCacheDuration().toJavaDuration(),
                config.getMinCacheDuration().toJavaDuration(), config.getMaxCacheDuration().toJavaDuration());
        this.refetchCooldown = config.getRefetchCooldown().toJavaDuration();
        // While keys are missing or failing, retry soon enough to recover quickly, never in a loop.
        this.retryInterval = min(refetchCooldown, Duration.ofSeconds(5));
        this.retainOnError = config.getRetainOnError().toJavaDuration();
        // A waiter gives up shortly after the fetch it waits for must have ended.
        this.maxWaitMillis = JwksClients.fetchDeadline(config).toMillis() + 500;
    }

    public String url() {
        return url;
    }

    /** The keys to verify with now; empty when none were ever fetched or they outlived the retain period. */
    public VerificationKeys keys() {
        if (snapshot == null && retryAllowed()) {
            fetchShared();
        }
        return cachedKeys();
    }

    /** The keys cached now, never touching the network; empty when none are usable. */
    public VerificationKeys cachedKeys() {
        final Snapshot current = snapshot;
        return usable(current) ? current.keys() : VerificationKeys.empty();
    }

    /**
     * The keys after making sure {@code kid} is really absent: joins a fetch in flight, or starts
     * one if the cooldown since the last unknown-kid fetch has passed; otherwise answers at once.
     */
    public VerificationKeys keysIncluding(String kid) {
        final Snapshot before = snapshot;
        if (usable(before) && before.keys().containsKid(kid)) {
            return before.keys();
        }
        InFlight toAwait = inflight.get();
        InFlight mine = null;
        if (toAwait == null) {
            synchronized (this) {
                final Instant now = clock.instant();
                toAwait = inflight.get();
                if (toAwait == null) {
                    if (now.isBefore(lastUnknownKidFetch.plus(refetchCooldown))) {
                        metrics.refusedDuringCooldown();
                        return keys();
                    }
                    if (lastError != null && now.isBefore(lastAttempt.plus(retryInterval))) {
                        // A fetch failed a moment ago, perhaps the one this request just waited for; another
                        // would only keep the request waiting as long again.
                        return keys();
                    }
                    mine = newFetch();
                    toAwait = inflight.compareAndExchange(null, mine);
                    if (toAwait == null) {
                        lastUnknownKidFetch = now;
                        metrics.refetchedForUnknownKid();
                    }
                }
            }
        }
        if (toAwait != null) {
            await(toAwait);
        } else {
            fetchAs(mine);
        }
        return keys();
    }

    /** Called from the scheduler: fetches when the refresh time has come or after a failure. */
    public void refreshIfDue() {
        final Snapshot current = snapshot;
        final Instant now = clock.instant();
        if ((current == null || !now.isBefore(current.refreshAt())) && retryAllowed()) {
            fetchShared();
        }
    }

    public Optional<Snapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The last fetch error, if the latest attempt failed. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** True while the cached keys may still be used (fresh, or stale within the retain period). */
    public boolean hasUsableKeys() {
        return usable(snapshot);
    }

    private boolean usable(Snapshot current) {
        return current != null && !clock.instant().isAfter(current.expiresAt().plus(retainOnError));
    }

    private boolean retryAllowed() {
        return inflight.get() != null || !clock.instant().isBefore(lastAttempt.plus(retryInterval));
    }

    private void fetchShared() {
        final InFlight mine = newFetch();
        final InFlight existing = inflight.compareAndExchange(null, mine);
        if (existing != null) {
            await(existing);
            return;
        }
        fetchAs(mine);
    }

    private InFlight newFetch() {
        return new InFlight(new CompletableFuture<>(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis));
    }

    private void fetchAs(InFlight owned) {
        try {
            fetch();
        } finally {
            inflight.set(null);
            owned.done().complete(null);
        }
    }

    /** Waits at most until the fetch's own give-up time, so a request that meets the same fetch twice never waits twice. */
    private void await(InFlight fetch) {
        try {
            fetch.done().get(Math.max(0, fetch.giveUpAtNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The fetching thread records its own failure; a waiter just goes on with what is cached.
            LOG.debug("Waiting for key set {} ended early: {}", url, e.getClass().getSimpleName());
        }
    }

    private void fetch() {
        final Instant started = clock.instant();
        lastAttempt = started;
        metrics.fetched();
        try {
            final SimpleResponse response = http.get(url);
            if (response.getStatusCode() != 200) {
                throw new IOException("HTTP " + response.getStatusCode());
            }
            final VerificationKeys keys = VerificationKeys.parse(response.getBody());
            if (keys.size() == 0) {
                throw new IOException("no usable signing key in the set (skipped: " + keys.skipped() + ")");
            }
            final Duration ttl = lifetime.of(response, started);
            final Instant fetchedAt = clock.instant();
            final Snapshot previous = snapshot;
            snapshot = new Snapshot(keys, fetchedAt, fetchedAt.plus(ttl.multipliedBy(3).dividedBy(4)), fetchedAt.plus(ttl));
            lastError = null;
            if (!keys.skipped().isEmpty() && (previous == null || !previous.keys().skipped().equals(keys.skipped()))) {
                LOG.info("Key set {}: ignoring entries that must not verify signatures: {}", url, keys.skipped());
            }
            if (previous != null) {
                final Set<String> retired = previous.keys().kidsRetiredBy(keys);
                // An empty set still tells the listener that a key without kid has gone.
                if (!retired.isEmpty() || previous.keys().keyWithoutKidRetiredBy(keys)) {
                    onKeysRetired.accept(Set.copyOf(retired));
                }
            }
        } catch (IOException | JoseException | RuntimeException e) {
            metrics.failed();
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Fetching key set {} failed ({}); {}", url, lastError,
                    snapshot == null ? "no keys yet, so bearer credentials are refused" : "keeping the last good keys");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A fetch under way, and when those waiting for it give up (System.nanoTime). */
    private record InFlight(CompletableFuture<Void> done, long giveUpAtNanos) {
    }

    /** One successful fetch: the keys, when to refresh them, and when they expire. */
    public record Snapshot(VerificationKeys keys, Instant fetchedAt, Instant refreshAt, Instant expiresAt) {
    }
}
