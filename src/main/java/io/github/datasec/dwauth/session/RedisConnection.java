package io.github.datasec.dwauth.session;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.function.Function;

/**
 * One Lettuce connection, shared by all threads, opened on first use rather than at startup, so that
 * an application whose Redis is down still starts and serves bearer tokens. While Redis is away,
 * commands fail at once instead of queueing, and a new connection is tried at most once per
 * {@value #RETRY_MILLIS} ms; Lettuce reconnects an established connection by itself.
 */
public final class RedisConnection implements AutoCloseable {
    private static final long RETRY_MILLIS = 1000;

    private final RedisClient client;
    private final Object connecting = new Object();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextAttemptAtMillis;

    public RedisConnection(String uri, Duration timeout) {
        final RedisURI redisUri = RedisURI.create(uri.trim());
        redisUri.setTimeout(timeout);
        this.client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
    }

    /**
     * Runs one or more commands; any Redis failure becomes {@link SessionStoreUnavailableException}.
     * The commands must not use MULTI, WATCH or blocking calls: the connection is shared.
     */
    public <T> T call(Function<RedisCommands<String, String>, T> commands) {
        try {
            return commands.apply(connection().sync());
        } catch (RedisException e) {
            throw new SessionStoreUnavailableException("Redis did not answer: " + e.getClass().getSimpleName(), e);
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        final StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (connecting) {
            if (connection != null) {
                return connection;
            }
            if (System.currentTimeMillis() < nextAttemptAtMillis) {
                throw new SessionStoreUnavailableException("Redis is unreachable; retrying shortly", null);
            }
            try {
                connection = client.connect();
                return connection;
            } catch (RedisException e) {
                nextAttemptAtMillis = System.currentTimeMillis() + RETRY_MILLIS;
                throw new SessionStoreUnavailableException("Redis is unreachable: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void close() {
        final StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
