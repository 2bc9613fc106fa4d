package io.github.datasec.dwauth.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The default store: this process's memory. Enough for one node and the demo; sessions end with the
 * process and are not seen by other replicas (use Redis for those). Pending sign-ins, which anyone can
 * start, are bounded in number; the oldest are dropped first.
 */
public final class MemorySessionStore implements SessionStore {
    private static final long MAX_PENDING_LOGINS = 100_000;
    private static final long MAX_SESSIONS = 1_000_000;

    private final Clock clock;
    private final Duration idleTimeout;
    private final Cache<String, UserSession> sessions;
    private final Cache<String, PendingLogin> pending;
    private final Cache<String, Expiring<Boolean>> used;

    public MemorySessionStore(Clock clock, Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.sessions = Caffeine.newBuilder().maximumSize(MAX_SESSIONS)
                .expireAfter(new UntilInstant<UserSession>(clock, s -> s.endsAt(idleTimeout))).build();
        this.pending = Caffeine.newBuilder().maximumSize(MAX_PENDING_LOGINS)
                .expireAfter(new UntilInstant<PendingLogin>(clock, PendingLogin::expiresAt)).build();
        this.used = Caffeine.newBuilder().expireAfter(new UntilInstant<Expiring<Boolean>>(clock, Expiring::until)).build();
    }

    @Override
    public void save(UserSession session) {
        sessions.put(session.id(), session);
    }

    @Override
    public Optional<UserSession> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id)).filter(s -> s.isLiveAt(clock.instant(), idleTimeout));
    }

    @Override
    public void remove(String id) {
        sessions.invalidate(id);
    }

    @Override
    public List<UserSession> sessionsOf(String subject) {
        final Instant now = clock.instant();
        return sessions.asMap().values().stream()
                .filter(s -> s.subject().equals(subject) && s.isLiveAt(now, idleTimeout))
                .sorted(Comparator.comparing(UserSession::createdAt))
                .toList();
    }

    @Override
    public int removeByProviderSession(String providerSessionId) {
        return removeWhere(s -> !providerSessionId.isEmpty() && s.providerSessionId().equals(providerSessionId));
    }

    @Override
    public int removeBySubject(String subject) {
        return removeWhere(s -> s.subject().equals(subject));
    }

    @Override
    public void savePendingLogin(String state, PendingLogin login) {
        pending.put(state, login);
    }

    @Override
    public Optional<PendingLogin> takePendingLogin(String state) {
        return Optional.ofNullable(pending.asMap().remove(state)).filter(login -> clock.instant().isBefore(login.expiresAt()));
    }

    @Override
    public boolean firstUse(String key, Duration timeToLive) {
        final Instant now = clock.instant();
        final Expiring<Boolean> mark = new Expiring<>(Boolean.TRUE, now.plus(timeToLive));
        final Expiring<Boolean> winner = used.asMap().compute(key,
                (k, existing) -> existing != null && now.isBefore(existing.until()) ? existing : mark);
        return winner == mark;
    }

    @Override
    public void ping() {
        // Memory always answers.
    }

    @Override
    public void close() {
        sessions.invalidateAll();
        pending.invalidateAll();
    }

    private int removeWhere(Predicate<UserSession> matches) {
        final List<String> ids = sessions.asMap().values().stream().filter(matches).map(UserSession::id).toList();
        sessions.invalidateAll(ids);
        return ids.size();
    }

    private record Expiring<T>(T value, Instant until) {
    }

    /** Caffeine expiry at an instant of the entry's own, read from the same clock the store checks. */
    private static final class UntilInstant<V> implements Expiry<String, V> {
        private final Clock clock;
        private final java.util.function.Function<V, Instant> end;

        UntilInstant(Clock clock, java.util.function.Function<V, Instant> end) {
            this.clock = clock;
            this.end = end;
        }

        @Override
        public long expireAfterCreate(String key, V value, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), end.apply(value)).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
