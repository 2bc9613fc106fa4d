package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every session store does; each implementation runs it against its real engine. */
@Timeout(30)
abstract class SessionStoreContract {
    static final Duration IDLE = Duration.ofMinutes(30);

    protected final MutableClock clock = MutableClock.startingNow();
    protected SessionStore store;

    abstract SessionStore newStore(MutableClock clock);

    @BeforeEach
    void openStore() {
        store = newStore(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    UserSession session(String subject, String sid) {
        final Instant now = clock.instant();
        return new UserSession(UUID.randomUUID().toString(), subject, sid, "access", now.plusSeconds(300),
                "refresh", "id-token", now, now, now.plus(Duration.ofHours(8)));
    }

    @Test
    void findsASavedSessionWithItsTokens() {
        final UserSession saved = session("alice", "sid-1");
        store.save(saved);

        assertThat(store.find(saved.id())).contains(saved);
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store.find("no-such-session")).isEmpty();
    }

    @Test
    void forgetsARemovedSession() {
        final UserSession saved = session("alice", "sid-1");
        store.save(saved);

        store.remove(saved.id());

        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void endsASessionUnusedForTheIdleTimeout() {
        final UserSession saved = session("alice", "sid-1");
        store.save(saved);

        clock.advance(IDLE.plusSeconds(1));

        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void endsAnActiveSessionAtItsAbsoluteExpiry() {
        UserSession saved = session("alice", "sid-1");
        store.save(saved);
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            saved = saved.seenAt(clock.instant());
            store.save(saved);
        }
        assertThat(store.find(saved.id())).as("used every 29 minutes, within 8 hours").isPresent();

        clock.advance(Duration.ofMinutes(29));

        assertThat(store.find(saved.id())).as("past the absolute 8 hours").isEmpty();
    }

    @Test
    void listsAUsersLiveSessionsOldestFirst() {
        final UserSession first = session("alice", "sid-1");
        store.save(first);
        clock.advance(Duration.ofSeconds(1));
        final UserSession second = session("alice", "sid-2");
        store.save(second);
        store.save(session("bob", "sid-3"));
        clock.advance(Duration.ofSeconds(1));
        final UserSession third = session("alice", "sid-4");
        store.save(third);
        store.remove(second.id());

        assertThat(store.sessionsOf("alice")).extracting(UserSession::id).containsExactly(first.id(), third.id());
    }

    @Test
    void endsEverySessionOfOneProviderSessionAndNoOther() {
        final UserSession a = session("alice", "sid-1");
        final UserSession b = session("alice", "sid-1");
        final UserSession other = session("alice", "sid-2");
        store.save(a);
        store.save(b);
        store.save(other);

        assertThat(store.removeByProviderSession("sid-1")).isEqualTo(2);

        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.find(b.id())).isEmpty();
        assertThat(store.find(other.id())).isPresent();
    }

    @Test
    void endsEverySessionOfOneUserAndNoOther() {
        final UserSession a = session("alice", "sid-1");
        final UserSession b = session("alice", "sid-2");
        final UserSession bob = session("bob", "sid-3");
        store.save(a);
        store.save(b);
        store.save(bob);

        assertThat(store.removeBySubject("alice")).isEqualTo(2);

        assertThat(store.sessionsOf("alice")).isEmpty();
        assertThat(store.find(bob.id())).isPresent();
    }

    @Test
    void givesAPendingLoginToOneCallbackOnly() {
        final PendingLogin login = new PendingLogin("binding", "verifier", "nonce", "/reports", clock.instant().plusSeconds(600));
        store.savePendingLogin("state-1", login);

        assertThat(store.takePendingLogin("state-1")).contains(login);
        assertThat(store.takePendingLogin("state-1")).isEmpty();
    }

    @Test
    void dropsAPendingLoginAfterItsTimeToLive() {
        store.savePendingLogin("state-2", new PendingLogin("binding", "verifier", "nonce", "/", clock.instant().plusSeconds(600)));

        clock.advance(Duration.ofMinutes(11));

        assertThat(store.takePendingLogin("state-2")).isEmpty();
    }

    @Test
    void answersFirstUseOnlyOncePerKey() {
        assertThat(store.firstUse("jti-1", Duration.ofMinutes(5))).isTrue();
        assertThat(store.firstUse("jti-1", Duration.ofMinutes(5))).isFalse();
        assertThat(store.firstUse("jti-2", Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void answersToAPing() {
        store.ping();
        assertThat(store.find("after-ping")).isEmpty();
    }
}
