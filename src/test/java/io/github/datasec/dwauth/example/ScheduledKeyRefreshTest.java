package io.github.datasec.dwauth.example;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running application refreshes its key sets on its own: with a one-second key-set lifetime,
 * the issuer sees fetches while no request reaches the application and nothing calls a refresh.
 */
class ScheduledKeyRefreshTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @RegisterExtension
    static final DropwizardAppExtension<ExampleConfiguration> APP = new DropwizardAppExtension<>(
            ExampleApplication.class, "config.yaml", Stream.concat(Stream.of(ISSUER.configOverrides()), Stream.of(
                    ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                    ConfigOverride.config("server.adminConnectors[0].port", "0"),
                    // The issuer sends no-cache, which the bundle raises to this minimum.
                    ConfigOverride.config("authenticationConfiguration.jwks.minCacheDuration", "1s")))
            .toArray(ConfigOverride[]::new));

    @Test
    void keySetsAreFetchedAgainWithoutAnyRequest() throws Exception {
        final int fetchesAtStart = awaitFetchesAbove(0);

        assertThat(awaitFetchesAbove(fetchesAtStart + 2)).isGreaterThan(fetchesAtStart + 2);
    }

    private static int awaitFetchesAbove(int count) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (ISSUER.fetchCount() <= count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the issuer saw " + ISSUER.fetchCount() + " fetches, not more than " + count
                        + ", within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return ISSUER.fetchCount();
    }
}
