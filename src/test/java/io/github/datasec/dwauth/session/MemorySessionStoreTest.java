package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MemorySessionStoreTest extends SessionStoreContract {

    @Override
    SessionStore newStore(MutableClock clock) {
        return new MemorySessionStore(clock, IDLE);
    }

    @Test
    void allowsAKeyAgainOnceItsMarkHasExpired() {
        assertThat(store.firstUse("jti-3", Duration.ofMinutes(5))).isTrue();

        clock.advance(Duration.ofMinutes(6));

        assertThat(store.firstUse("jti-3", Duration.ofMinutes(5))).isTrue();
    }
}
