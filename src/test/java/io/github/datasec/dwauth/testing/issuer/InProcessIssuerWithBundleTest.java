package io.github.datasec.dwauth.testing.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.support.MutableClock;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit observed through the bundle: tokens the in-process issuer mints, its key rotation and its
 * outages, as the example application (config.yaml plus {@link InProcessIssuer#configOverrides()}) sees them.
 */
class InProcessIssuerWithBundleTest {

    private static final String LOGGED_IN_USER = "/api/v1/users/loggedInUser";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SLOW_ISSUER_DELAY = Duration.ofSeconds(5);

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    /** The bundle's time: each test begins past the refetch cooldown and the retry interval, without waiting for them. */
    private static final MutableClock CLOCK = MutableClock.startingNow();
    private static final Duration PAST_THE_COOLDOWN = Duration.ofSeconds(2);

    @RegisterExtension
    static final DropwizardAppExtension<ExampleConfiguration> APP = new DropwizardAppExtension<>(onTheTestsClock());

    private static DropwizardTestSupport<ExampleConfiguration> onTheTestsClock() {
        return new DropwizardTestSupport<>(ExampleApplication.class, "config.yaml", overrides()) {
            @Override
            public Application<ExampleConfiguration> newApplication() {
                return new ExampleApplication(CLOCK);
            }
        };
    }

    @BeforeEach
    void moveTimePastTheCooldown() {
        CLOCK.advance(PAST_THE_COOLDOWN);
    }

    private static ConfigOverride[] overrides() {
        return Stream.concat(Stream.of(ISSUER.configOverrides()), Stream.of(
                        ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                        ConfigOverride.config("server.adminConnectors[0].port", "0"),
                        // The issuer's users have addresses at example.com, named by their local part only in the principal domain.
                        ConfigOverride.config("authorizerConfiguration.principalDomain", "example.com"),
                        // The shortest cooldown (and so retry interval), which each test's start moves past on the
                        // bundle's clock: fetch counts and recovery do not depend on test order or timing.
                        ConfigOverride.config("authenticationConfiguration.jwks.refetchCooldown", "1s"),
                        // The issuer sends no-cache, which the bundle raises to this minimum; an hour keeps
                        // background refreshes out of the fetch counts.
                        ConfigOverride.config("authenticationConfiguration.jwks.minCacheDuration", "1h"),
                        // Well below the slow issuer's delay, so giving up early is told apart from waiting.
                        ConfigOverride.config("authenticationConfiguration.jwks.readTimeout",
                                READ_TIMEOUT.toMillis() + "ms")))
                .toArray(ConfigOverride[]::new);
    }

    // ---------------------------------------------------------------- mint and verify

    @Test
    void mintedTokenAuthenticatesTheCallerItNames() {
        try (Response response = get(APP.getLocalPort(), ISSUER.token().username("alice").sign())) {
            assertThat(response.getStatus()).isEqualTo(200);
            JsonNode user = response.readEntity(JsonNode.class);
            assertThat(user.get("name").asText()).isEqualTo("alice");
            assertThat(user.get("email").asText()).isEqualTo("alice@example.com");
        }
    }

    @Test
    void tokenWithAKeyIdTheIssuerNeverPublishedIsRefused() {
        try (Response response = get(APP.getLocalPort(), ISSUER.token().keyId("never-published").sign())) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
        }
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void tokenOfARotatedKeyIsAcceptedAfterExactlyOneRefetch() {
        assertAccepted(ISSUER.token().username("before-rotation").sign());
        int fetchesBefore = ISSUER.fetchCount();

        ISSUER.rotateKey();

        assertAccepted(ISSUER.token().username("after-rotation").sign());
        assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore + 1);
        assertAccepted(ISSUER.token().username("again-after-rotation").sign());
        assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore + 1);
    }

    // ---------------------------------------------------------------- outages

    @Test
    void stoppedIssuerDoesNotBreakRequestsWhileKeysAreCached() {
        assertAccepted(ISSUER.token().username("before-outage").sign());
        ISSUER.stopServing();
        int fetchesBefore = ISSUER.fetchCount();

        // An unknown kid makes the bundle ask the stopped issuer, so the outage is really met.
        try (Response response = get(APP.getLocalPort(), ISSUER.token().keyId("unknown-during-outage").sign())) {
            assertThat(response.getStatus()).isEqualTo(401);
        }
        assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore + 1);
        assertAccepted(ISSUER.token().username("during-outage").sign());
    }

    @Test
    void slowIssuerDoesNotDelayRequestsWhileKeysAreCached() {
        assertAccepted(ISSUER.token().username("before-slowdown").sign());
        ISSUER.slowDown(SLOW_ISSUER_DELAY);
        int fetchesBefore = ISSUER.fetchCount();

        long started = System.nanoTime();
        assertAccepted(ISSUER.token().username("during-slowdown").sign());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SLOW_ISSUER_DELAY);
        assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore);
    }

    @Test
    void unknownKeyIdDuringASlowOutageIsRefusedWithoutWaitingForTheIssuer() {
        assertAccepted(ISSUER.token().username("before-slowdown").sign());
        ISSUER.slowDown(SLOW_ISSUER_DELAY);
        int fetchesBefore = ISSUER.fetchCount();

        long started = System.nanoTime();
        try (Response response = get(APP.getLocalPort(), ISSUER.token().keyId("unknown-while-slow").sign())) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore + 1);
            assertThat(elapsed).isLessThan(SLOW_ISSUER_DELAY);
        }
    }

    @Test
    void appStartedDuringAnOutageRefusesTokensWith401AndRecoversWhenTheIssuerDoes() throws Exception {
        ISSUER.stopServing();
        DropwizardTestSupport<ExampleConfiguration> fresh = onTheTestsClock();
        fresh.before();
        try {
            try (Response response = get(fresh.getLocalPort(), ISSUER.token().username("carol").sign())) {
                assertThat(response.getStatus()).isEqualTo(401);
                assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
            }

            ISSUER.resumeServing();
            CLOCK.advance(PAST_THE_COOLDOWN);

            try (Response response = get(fresh.getLocalPort(), ISSUER.token().username("carol").sign())) {
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.readEntity(JsonNode.class).get("name").asText()).isEqualTo("carol");
            }
        } finally {
            fresh.after();
        }
    }

    // ---------------------------------------------------------------- metrics

    @Test
    void keySetRefresherMetricsAreNamedAfterTheRefresherNotAThreadNameFormat() {
        final JsonNode metrics = APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics")
                .request().get(JsonNode.class);
        assertThat(metrics.path("meters").path("oidc-auth.jwks.refresher.created").path("count").asLong()).isEqualTo(1);
        assertThat(metrics.get("meters").has("oidc-auth.jwks.refresher.terminated")).isTrue();
        assertThat(metrics.get("counters").has("oidc-auth.jwks.refresher.running")).isTrue();
        final List<String> names = new ArrayList<>();
        metrics.fields().forEachRemaining(kind -> kind.getValue().fieldNames().forEachRemaining(names::add));
        assertThat(names).noneMatch(name -> name.contains("%"));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertAccepted(String token) {
        try (Response response = get(APP.getLocalPort(), token)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    private static Response get(int port, String token) {
        return APP.client().target("http://localhost:" + port + LOGGED_IN_USER)
                .register(BearerTokens.of(token)).request().get();
    }
}
