package io.github.datasec.dwauth.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Sessions in Redis, seen by every replica: a session is one key that expires with the session, and
 * two index keys (the user's sessions by creation time, the provider session's members) serve
 * {@code maxActiveSessionsPerUser} and back-channel logout. Index entries whose session has gone are
 * dropped when next read. Keys, under the configured prefix:
 * {@code s:<id>} session, {@code u:<sub>} sorted set, {@code p:<sid>} set, {@code l:<state>} pending sign-in,
 * {@code o:<key>} single-use marks.
 */
public final class RedisSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private final RedisConnection redis;
    private final String prefix;
    private final Clock clock;
    private final Duration idleTimeout;

    public RedisSessionStore(RedisConnection redis, String prefix, Clock clock, Duration idleTimeout) {
        this.redis = redis;
        this.prefix = prefix;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void save(UserSession session) {
        final Instant now = clock.instant();
        final long ttl = Duration.between(now, session.endsAt(idleTimeout)).toMillis();
        if (ttl <= 0) {
            remove(session.id());
            return;
        }
        final long indexTtl = Duration.between(now, session.expiresAt()).toMillis();
        final String value = write(session);
        redis.call(c -> {
            c.set(sessionKey(session.id()), value, SetArgs.Builder.px(ttl));
            final String userKey = userKey(session.subject());
            c.zadd(userKey, session.createdAt().toEpochMilli(), session.id());
            extendTo(c, userKey, indexTtl);
            if (!session.providerSessionId().isEmpty()) {
                final String sidKey = providerSessionKey(session.providerSessionId());
                c.sadd(sidKey, session.id());
                extendTo(c, sidKey, indexTtl);
            }
            return null;
        });
    }

    @Override
    public Optional<UserSession> find(String id) {
        final String value = redis.call(c -> c.get(sessionKey(id)));
        return read(value, UserSession.class).filter(s -> s.isLiveAt(clock.instant(), idleTimeout));
    }

    @Override
    public void remove(String id) {
        redis.call(c -> c.del(sessionKey(id)));
    }

    @Override
    public List<UserSession> sessionsOf(String subject) {
        final String userKey = userKey(subject);
        return redis.call(c -> {
            final List<String> ids = c.zrange(userKey, 0, -1);
            final List<UserSession> live = new ArrayList<>();
            final List<String> gone = new ArrayList<>();
            for (String id : ids) {
                final Optional<UserSession> session = read(c.get(sessionKey(id)), UserSession.class)
                        .filter(s -> s.isLiveAt(clock.instant(), idleTimeout));
                session.ifPresentOrElse(live::add, () -> gone.add(id));
            }
            if (!gone.isEmpty()) {
                c.zrem(userKey, gone.toArray(String[]::new));
            }
            live.sort(Comparator.comparing(UserSession::createdAt));
            return live;
        });
    }

    @Override
    public int removeByProviderSession(String providerSessionId) {
        final String sidKey = providerSessionKey(providerSessionId);
        return redis.call(c -> deleteAll(c, new ArrayList<>(c.smembers(sidKey)), sidKey));
    }

    @Override
    public int removeBySubject(String subject) {
        final String userKey = userKey(subject);
        return redis.call(c -> deleteAll(c, c.zrange(userKey, 0, -1), userKey));
    }

    @Override
    public void savePendingLogin(String state, PendingLogin login) {
        final String value = write(login);
        final long ttl = Math.max(1, Duration.between(clock.instant(), login.expiresAt()).toMillis());
        redis.call(c -> c.set(prefix + "l:" + state, value, SetArgs.Builder.px(ttl)));
    }

    @Override
    public Optional<PendingLogin> takePendingLogin(String state) {
        return read(redis.call(c -> c.getdel(prefix + "l:" + state)), PendingLogin.class)
                .filter(login -> clock.instant().isBefore(login.expiresAt()));
    }

    @Override
    public boolean firstUse(String key, Duration timeToLive) {
        return "OK".equals(redis.call(c -> c.set(prefix + "o:" + key, "1", SetArgs.Builder.nx().px(timeToLive.toMillis()))));
    }

    @Override
    public void ping() {
        redis.call(RedisCommands::ping);
    }

    @Override
    public void close() {
        redis.close();
    }

    private int deleteAll(RedisCommands<String, String> c, List<String> ids, String indexKey) {
        final long deleted = ids.isEmpty() ? 0 : c.del(ids.stream().map(this::sessionKey).toArray(String[]::new));
        c.del(indexKey);
        return (int) deleted;
    }

    /** An index lives as long as its longest-lived session: its expiry only ever moves later. */
    private static void extendTo(RedisCommands<String, String> c, String key, long millis) {
        if (c.pttl(key) < millis) {
            c.pexpire(key, millis);
        }
    }

    private String sessionKey(String id) {
        return prefix + "s:" + id;
    }

    private String userKey(String subject) {
        return prefix + "u:" + subject;
    }

    private String providerSessionKey(String sid) {
        return prefix + "p:" + sid;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session state could not be serialised", e);
        }
    }

    private static <T> Optional<T> read(String value, Class<T> type) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(value, type));
        } catch (JsonProcessingException e) {
            LOG.warn("Unreadable {} in Redis ignored", type.getSimpleName());
            return Optional.empty();
        }
    }
}
