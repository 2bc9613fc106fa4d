package io.github.datasec.dwauth.session;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.github.datasec.dwauth.config.SessionConfiguration;
import io.github.datasec.dwauth.config.SessionStoreType;
import io.github.datasec.dwauth.health.SessionStoreHealthCheck;

import java.time.Clock;
import java.time.Duration;

/** Builds the store the {@code sessions} block names. */
public final class SessionStores {
    private SessionStores() {
    }

    public static SessionStore create(SessionConfiguration config, Clock clock) {
        final Duration idle = Duration.ofMillis(config.getIdleTimeout().toMilliseconds());
        if (config.getStore() == SessionStoreType.REDIS) {
            final RedisConnection redis = new RedisConnection(config.getRedisUri(),
                    Duration.ofMillis(config.getRedisTimeout().toMilliseconds()));
            return new RedisSessionStore(redis, config.getRedisKeyPrefix(), clock, idle);
        }
        return new MemorySessionStore(clock, idle);
    }

    /**
     * The store, closed when the application stops; with Redis, also the {@code sessions} health check.
     * One store per application: the confidential mode's sessions and any single-use marks share it.
     */
    public static SessionStore open(SessionConfiguration config, Clock clock, Environment environment) {
        final SessionStore store = create(config, clock);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                store.close();
            }
        });
        if (config.getStore() == SessionStoreType.REDIS) {
            environment.healthChecks().register(SessionStoreHealthCheck.NAME, new SessionStoreHealthCheck(store));
        }
        return store;
    }
}
