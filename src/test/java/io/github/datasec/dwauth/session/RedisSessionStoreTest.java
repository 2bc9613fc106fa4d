package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.SessionConfiguration;
import io.github.datasec.dwauth.config.SessionStoreType;
import io.github.datasec.dwauth.health.SessionStoreHealthCheck;
import io.github.datasec.dwauth.support.MutableClock;
import io.github.datasec.dwauth.testing.redis.RedisExtension;
import io.dropwizard.util.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis store against Debian's redis-server, started on a free loopback port for this class. */
class RedisSessionStoreTest extends SessionStoreContract {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    private final String prefix = "test" + TEST_NUMBER.incrementAndGet() + ":";

    @Override
    SessionStore newStore(MutableClock clock) {
        return SessionStores.create(config(), clock);
    }

    private SessionConfiguration config() {
        return new SessionConfiguration().setStore(SessionStoreType.REDIS).setRedisUri(REDIS.server().uri())
                .setRedisKeyPrefix(prefix).setIdleTimeout(Duration.minutes(30)).setRedisTimeout(Duration.seconds(2));
    }

    @Test
    void showsASessionSavedByOneReplicaToAnother() {
        try (SessionStore replica = newStore(clock)) {
            final UserSession saved = session("alice", "sid-1");
            store.save(saved);

            assertThat(replica.find(saved.id())).contains(saved);
            replica.remove(saved.id());
            assertThat(store.find(saved.id())).isEmpty();
        }
    }

    @Test
    void answersFirstUseOnlyOnceAcrossReplicas() {
        try (SessionStore replica = newStore(clock)) {
            assertThat(store.firstUse("jti-x", java.time.Duration.ofMinutes(5))).isTrue();
            assertThat(replica.firstUse("jti-x", java.time.Duration.ofMinutes(5))).isFalse();
        }
    }

    @Test
    void keepsNoTokenInTheKeyNames() throws Exception {
        store.save(session("alice", "sid-1"));

        assertThat(REDIS.server().command("KEYS " + prefix + "*access*")).isEqualTo("*0");
    }

    @Test
    void failsClosedWhileRedisIsDownAndRecoversWithIt() throws Exception {
        final UserSession saved = session("alice", "sid-1");
        final SessionStoreHealthCheck health = new SessionStoreHealthCheck(store);
        store.save(saved);
        assertThat(health.execute().isHealthy()).isTrue();

        REDIS.server().stop();
        try {
            assertThatThrownBy(() -> store.find(saved.id())).isInstanceOf(SessionStoreUnavailableException.class);
            assertThatThrownBy(() -> store.firstUse("jti-y", java.time.Duration.ofMinutes(1)))
                    .isInstanceOf(SessionStoreUnavailableException.class);
            assertThat(health.execute().isHealthy()).isFalse();
            assertThat(health.execute().getMessage()).contains("503");
        } finally {
            REDIS.server().restart();
        }

        assertThat(eventually(() -> health.execute().isHealthy())).isTrue();
        assertThat(store.find(saved.id())).as("Redis restarted empty, without persistence").isEmpty();
    }

    @Test
    void startsWithoutRedisAndConnectsOnceItAnswers() throws Exception {
        REDIS.server().stop();
        final SessionStore early;
        try {
            early = newStore(clock);
            assertThatThrownBy(early::ping).isInstanceOf(SessionStoreUnavailableException.class);
        } finally {
            REDIS.server().restart();
        }
        try (early) {
            assertThat(eventually(() -> {
                early.ping();
                return true;
            })).isTrue();
        }
    }

    /** Bounded polling: Lettuce reconnects in the background, and a new connection is tried once a second. */
    private static boolean eventually(java.util.concurrent.Callable<Boolean> condition) throws InterruptedException {
        final long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return true;
                }
            } catch (Exception notYet) {
                Thread.sleep(100);
                continue;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
