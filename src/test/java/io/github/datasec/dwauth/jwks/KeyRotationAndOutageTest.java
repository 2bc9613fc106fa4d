package io.github.datasec.dwauth.jwks;

import com.codahale.metrics.health.HealthCheck;
import io.github.datasec.dwauth.health.JwksHealthCheck;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.support.MutableClock;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation, outages and kid floods against an issuer served over HTTP, counting fetches where the
 * issuer sees them. The bundle's clock is the test's; token times are real, so the key-set clock
 * only ever moves by minutes while tokens live for five.
 */
class KeyRotationAndOutageTest {
    // The documented defaults of jwks.minCacheDuration, jwks.refetchCooldown and jwks.retainOnError.
    private static final Duration MIN_CACHE_DURATION = Duration.ofMinutes(1);
    private static final Duration REFETCH_COOLDOWN = Duration.ofSeconds(30);
    private static final Duration RETAIN_ON_ERROR = Duration.ofHours(6);

    /** One issuer per test: a rotation or retirement in one test must not change the keys another sees. */
    @RegisterExtension
    final InProcessIssuer issuer = InProcessIssuer.create();

    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void aTokenSignedWithANewKeyCostsExactlyOneFetch() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            final String beforeRotation = issuer.token().sign();
            bundle.accept(beforeRotation);
            final int fetches = issuer.fetchCount();

            issuer.rotateKey();
            final String afterRotation = issuer.token().sign();
            assertThat(bundle.accept(afterRotation)).isNotNull();
            assertThat(bundle.accept(issuer.token().sign())).isNotNull();
            assertThat(bundle.accept(beforeRotation)).isNotNull();

            assertThat(issuer.fetchCount() - fetches).isEqualTo(1);
            assertThat(bundle.meterCount(JwksMetrics.PREFIX + ".unknown-kid-refetches")).isEqualTo(1);
        }
    }

    @Test
    void aRetiredKeyIsRefusedAfterTheNextRefreshEvenForTokensAlreadyCached() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            final PublicJsonWebKey old = issuer.currentKey();
            final String oldToken = issuer.token().sign();
            bundle.accept(oldToken);
            bundle.accept(oldToken);
            assertThat(bundle.meterCount("oidc-auth.token-cache.hits")).isEqualTo(1);

            issuer.rotateKey();
            issuer.retireKey(old.getKeyId());
            // The issuer sends no-cache, so the key set is refreshed three quarters into the minimum lifetime.
            clock.advance(MIN_CACHE_DURATION);
            bundle.authentication().refreshDueKeySets();

            assertThat(bundle.rejectionOf(oldToken)).isEqualTo(RejectionReason.UNKNOWN_KEY);
        }
    }

    @Test
    void aFloodOfRandomKidsCausesAtMostOneFetchPerCooldownAtTheIssuer() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            bundle.accept(issuer.token().sign());
            final int fetches = issuer.fetchCount();

            assertThat(flood(bundle, 400)).containsOnly(RejectionReason.UNKNOWN_KEY);
            assertThat(issuer.fetchCount() - fetches).isEqualTo(1);

            clock.advance(REFETCH_COOLDOWN);
            assertThat(flood(bundle, 400)).containsOnly(RejectionReason.UNKNOWN_KEY);
            assertThat(issuer.fetchCount() - fetches).isEqualTo(2);

            // Tokens of the known key were never held up by any of it.
            assertThat(bundle.accept(issuer.token().sign())).isNotNull();
            assertThat(issuer.fetchCount() - fetches).isEqualTo(2);
            assertThat(bundle.meterCount(JwksMetrics.PREFIX + ".unknown-kid-refetches")).isEqualTo(2);
            // The rest either joined a fetch in flight or were turned away by the cooldown; how many
            // of each depends on thread timing, so this count is only bounded.
            assertThat(bundle.meterCount(JwksMetrics.PREFIX + ".unknown-kid-cooldown-rejections")).isBetween(1L, 798L);
            assertThat(bundle.meterCount("oidc-auth.rejected.unknown-key")).isEqualTo(800);
        }
    }

    @Test
    void anOutageKeepsTheLastGoodKeysForTheRetainPeriodAndTheHealthCheckSaysSo() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            final JwksHealthCheck health = new JwksHealthCheck(bundle.authentication().keySets(), clock);
            bundle.accept(issuer.token().sign());
            assertThat(health.execute().isHealthy()).isTrue();
            assertThat(health.execute().getMessage()).contains("fresh");

            issuer.stopServing();
            clock.advance(MIN_CACHE_DURATION.plusMinutes(1));
            bundle.authentication().refreshDueKeySets();

            assertThat(bundle.accept(issuer.token().username("during-outage").sign()).name()).isEqualTo("during-outage");
            final HealthCheck.Result stale = health.execute();
            assertThat(stale.isHealthy()).isTrue();
            assertThat(stale.getMessage()).contains("stale since").contains("last fetch failed").contains("503");

            clock.advance(RETAIN_ON_ERROR);
            final HealthCheck.Result gone = health.execute();
            assertThat(gone.isHealthy()).isFalse();
            assertThat(gone.getMessage()).contains(issuer.jwksUrl()).contains("stale past the retain period");
            assertThat(bundle.rejectionOf(issuer.token().username("after-retain").sign())).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);

            issuer.resumeServing();
            // Failed fetches are retried every few seconds, not in a loop.
            clock.advance(Duration.ofSeconds(5));
            bundle.authentication().refreshDueKeySets();
            assertThat(health.execute().isHealthy()).isTrue();
            assertThat(bundle.accept(issuer.token().username("recovered").sign()).name()).isEqualTo("recovered");
        }
    }

    @Test
    void withoutEverFetchingKeysEveryTokenIsRefusedAndTheHealthCheckSaysWhy() {
        issuer.stopServing();
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            final JwksHealthCheck health = new JwksHealthCheck(bundle.authentication().keySets(), clock);

            assertThat(bundle.rejectionOf(issuer.token().sign())).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
            final HealthCheck.Result result = health.execute();
            assertThat(result.isHealthy()).isFalse();
            assertThat(result.getMessage()).contains("keys were never fetched").contains("503");
            assertThat(bundle.meterCount("oidc-auth.rejected.keys-unavailable")).isEqualTo(1);
            assertThat(bundle.meterCount(JwksMetrics.PREFIX + ".fetch-failures")).isPositive()
                    .isEqualTo(bundle.meterCount(JwksMetrics.PREFIX + ".fetches"));
        }
    }

    @Test
    void theIssuersCacheControlSetsTheKeySetsLifetime() throws Exception {
        issuer.setCacheControl("public, max-age=7200");
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            bundle.accept(issuer.token().sign());

            final CachedKeySet.Snapshot snapshot = bundle.authentication().keySets().get(0).snapshot().orElseThrow();
            assertThat(Duration.between(snapshot.fetchedAt(), snapshot.expiresAt())).isEqualTo(Duration.ofHours(2));
        }
    }

    @Test
    void aKeyEndpointSlowerThanTheReadTimeoutIsAFailedFetchAndCachedKeysStillServe() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer,
                config -> config.getJwks().setReadTimeout(io.dropwizard.util.Duration.milliseconds(300)), clock)) {
            bundle.accept(issuer.token().sign());
            issuer.slowDown(Duration.ofSeconds(10));
            clock.advance(MIN_CACHE_DURATION);

            bundle.authentication().refreshDueKeySets();

            assertThat(bundle.authentication().keySets().get(0).lastError())
                    .hasValueSatisfying(error -> assertThat(error).containsIgnoringCase("timeout"));
            assertThat(bundle.accept(issuer.token().username("still-served").sign()).name()).isEqualTo("still-served");
        }
    }

    @Test
    void brokenAndForbiddenEntriesInTheKeySetDoNotSpoilTheGoodKey() throws Exception {
        final String kid = issuer.currentKey().getKeyId();
        issuer.publishExtraJwk("{\"kty\":\"RSA\",\"kid\":\"broken\",\"n\":\"@@@\",\"e\":\"AQAB\"}");
        issuer.publishExtraJwk("{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}");
        issuer.publishExtraJwk("[\"not\",\"a\",\"key\"]");
        issuer.publishExtraJwk("{\"kty\":\"EC\",\"kid\":\"" + kid + "-enc\",\"use\":\"enc\",\"crv\":\"P-256\","
                + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}");
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> { }, clock)) {
            assertThat(bundle.accept(issuer.token().sign())).isNotNull();
            final VerificationKeys keys = bundle.authentication().keySets().get(0).keys();
            assertThat(keys.kids()).containsExactly(kid);
            assertThat(keys.skipped()).hasSize(4);
        }
    }

    /** Each token names a fresh random kid and is otherwise perfectly signed; sent from eight threads at once. */
    private List<RejectionReason> flood(IssuerAuthentication bundle, int tokens) throws Exception {
        final List<String> hostile = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            hostile.add(issuer.token().keyId(UUID.randomUUID().toString()).sign());
        }
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Future<RejectionReason>> results = new ArrayList<>();
            for (String token : hostile) {
                results.add(pool.submit(() -> bundle.rejectionOf(token)));
            }
            final List<RejectionReason> reasons = new ArrayList<>();
            for (Future<RejectionReason> result : results) {
                reasons.add(result.get());
            }
            return reasons;
        } finally {
            pool.shutdownNow();
        }
    }
}
