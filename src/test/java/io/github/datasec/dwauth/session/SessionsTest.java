package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;
import io.github.datasec.dwauth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Opening, finding and ending sessions, with the provider out of the picture (no refresh is due). */
class SessionsTest {
    private final MutableClock clock = MutableClock.startingNow();
    private final MemorySessionStore store = new MemorySessionStore(clock, Duration.ofHours(1));
    private final Sessions sessions = new Sessions(store, null, clock, settings(2));

    private static CodeFlowSettings settings(int maxActive) {
        return new CodeFlowSettings("client", "secret", true, "http://localhost:1/discovery", "http://localhost:1/realms/x",
                "http://localhost:8585/callback", "/callback", WebOrigin.of(URI.create("http://localhost:8585")),
                "http://localhost:8585/", "openid", true, true, "", 0, Map.of(), Duration.ofHours(8), Duration.ofHours(1),
                maxActive, 30, false, false, "RS256");
    }

    private TokenResponse tokens() {
        return new TokenResponse("access", clock.instant().plus(Duration.ofMinutes(5)), "refresh", "id");
    }

    @Test
    void keepsOnlyTheHashOfTheReferenceTheCookieCarries() throws Exception {
        final String reference = sessions.open(tokens(), "alice", "sid-1");

        assertThat(store.find(reference)).isEmpty();
        assertThat(store.find(RandomValues.hash(reference))).isPresent();
        assertThat(sessions.current(reference)).isPresent();
    }

    @Test
    void endsTheOldestSessionPastMaxActiveSessionsPerUser() throws Exception {
        final String first = sessions.open(tokens(), "alice", "sid-1");
        clock.advance(Duration.ofSeconds(1));
        final String second = sessions.open(tokens(), "alice", "sid-2");
        clock.advance(Duration.ofSeconds(1));
        final String bobs = sessions.open(tokens(), "bob", "sid-3");
        clock.advance(Duration.ofSeconds(1));
        final String third = sessions.open(tokens(), "alice", "sid-4");

        assertThat(sessions.current(first)).isEmpty();
        assertThat(sessions.current(second)).isPresent();
        assertThat(sessions.current(third)).isPresent();
        assertThat(sessions.current(bobs)).isPresent();
    }

    @Test
    void refusesReferencesThatWereNeverIssued() throws Exception {
        assertThat(sessions.current("")).isEmpty();
        assertThat(sessions.current("../../etc/passwd")).isEmpty();
        assertThat(sessions.current(RandomValues.next())).isEmpty();
    }

    @Test
    void endingASessionEndsItForEveryLaterRequest() throws Exception {
        final String reference = sessions.open(tokens(), "alice", "sid-1");

        assertThat(sessions.end(reference)).isPresent();

        assertThat(sessions.current(reference)).isEmpty();
    }
}
