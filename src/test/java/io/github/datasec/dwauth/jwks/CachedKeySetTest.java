package io.github.datasec.dwauth.jwks;

import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.config.JwksConfiguration;
import io.github.datasec.dwauth.support.Jwks;
import io.github.datasec.dwauth.support.MutableClock;
import io.github.datasec.dwauth.support.StubJwksEndpoint;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One URL's key set on a clock the test moves: cache lifetime from the response within bounds,
 * refresh ahead of expiry from the scheduler only, the last good keys kept through failures for
 * the retain period, nothing served when nothing was ever fetched, and unknown kids refetched at
 * most once per cooldown with one fetch shared by everyone waiting.
 */
class CachedKeySetTest {
    private static final String URL = "https://keys.example/certs";

    private static PublicJsonWebKey first;
    private static PublicJsonWebKey second;

    private final MutableClock clock = MutableClock.startingNow();
    private final MetricRegistry registry = new MetricRegistry();
    private final List<Set<String>> removedKids = new CopyOnWriteArrayList<>();
    private final JwksConfiguration config = new JwksConfiguration();

    @BeforeAll
    static void generateKeys() throws JoseException {
        first = key("first");
        second = key("second");
    }

    // ---------------------------------------------------------------- lifetime

    @Test
    void honoursMaxAgeAndRefreshesAtThreeQuartersOfIt() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        endpoint.setHeader("Cache-Control", "public, max-age=3600");
        final CachedKeySet keySet = keySet(endpoint);

        keySet.keys();

        final CachedKeySet.Snapshot snapshot = keySet.snapshot().orElseThrow();
        assertThat(Duration.between(snapshot.fetchedAt(), snapshot.expiresAt())).isEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(snapshot.fetchedAt(), snapshot.refreshAt())).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void clampsWhatTheResponseAsksForToTheConfiguredBounds() {
        assertThat(lifetimeFor("Cache-Control", "max-age=5")).isEqualTo(config.getMinCacheDuration().toJavaDuration());
        assertThat(lifetimeFor("Cache-Control", "max-age=999999999")).isEqualTo(config.getMaxCacheDuration().toJavaDuration());
        // Keycloak marks its certs endpoint no-cache: the key set is then kept for the lower bound.
        assertThat(lifetimeFor("Cache-Control", "no-cache")).isEqualTo(config.getMinCacheDuration().toJavaDuration());
        assertThat(lifetimeFor("Cache-Control", "no-store, max-age=3600")).isEqualTo(config.getMinCacheDuration().toJavaDuration());
        assertThat(lifetimeFor("Cache-Control", "s-maxage=7200")).isEqualTo(config.getCacheDuration().toJavaDuration());
        assertThat(lifetimeFor("X-Unrelated", "1")).isEqualTo(config.getCacheDuration().toJavaDuration());
    }

    @Test
    void honoursExpiresWhenThereIsNoMaxAge() {
        final String inTwoHours = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plus(Duration.ofHours(2)).atZone(ZoneOffset.UTC));

        // RFC 1123 dates have whole seconds; the clock does not.
        assertThat(lifetimeFor("Expires", inTwoHours)).isBetween(Duration.ofHours(2).minusSeconds(1), Duration.ofHours(2));
        assertThat(lifetimeFor("Expires", "not a date")).isEqualTo(config.getMinCacheDuration().toJavaDuration());
    }

    // ---------------------------------------------------------------- refresh and outages

    @Test
    void refreshesAheadOfExpiryFromTheSchedulerAndNeverFromRequests() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        endpoint.setHeader("Cache-Control", "max-age=600");
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();
        assertThat(endpoint.requests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(7));
        keySet.refreshIfDue();
        keySet.keys();
        keySet.keysIncluding(first.getKeyId());
        assertThat(endpoint.requests()).isEqualTo(1);

        endpoint.serve(Jwks.of(first, second));
        clock.advance(Duration.ofSeconds(31));
        // Due now, but only the scheduler refreshes: requests keep using what is cached.
        keySet.keys();
        keySet.keysIncluding(first.getKeyId());
        assertThat(endpoint.requests()).isEqualTo(1);
        keySet.refreshIfDue();
        assertThat(endpoint.requests()).isEqualTo(2);
        // Refreshed 30 s before the old set would have expired: requests never saw it stale.
        assertThat(keySet.keys().kids()).containsExactlyInAnyOrder(first.getKeyId(), second.getKeyId());
    }

    @Test
    void keepsServingTheLastGoodKeysThroughAnOutageForTheRetainPeriod() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();
        final Instant expiresAt = keySet.snapshot().orElseThrow().expiresAt();

        endpoint.respondWithStatus(503);
        clock.advance(Duration.between(clock.instant(), expiresAt).plusMinutes(1));
        keySet.refreshIfDue();
        assertThat(keySet.lastError()).hasValueSatisfying(error -> assertThat(error).contains("503"));
        assertThat(keySet.keys().kids()).containsExactly(first.getKeyId());

        endpoint.failWith(new IOException("connection refused"));
        clock.advance(config.getRetainOnError().toJavaDuration().minusMinutes(2));
        keySet.refreshIfDue();
        assertThat(keySet.hasUsableKeys()).isTrue();
        assertThat(keySet.keys().kids()).containsExactly(first.getKeyId());

        clock.advance(Duration.ofMinutes(2));
        assertThat(keySet.hasUsableKeys()).isFalse();
        assertThat(keySet.keys().size()).isZero();
        assertThat(meter("fetch-failures")).isEqualTo(2);
    }

    @Test
    void servesNothingWhenKeysWereNeverFetched() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        endpoint.failWith(new IOException("connection refused"));
        final CachedKeySet keySet = keySet(endpoint);

        assertThat(keySet.keys().size()).isZero();
        assertThat(keySet.keysIncluding(first.getKeyId()).size()).isZero();
        assertThat(keySet.hasUsableKeys()).isFalse();
        assertThat(keySet.snapshot()).isEmpty();
    }

    @Test
    void refusesAKeySetWithNoUsableKeyAndKeepsThePreviousOne() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();

        endpoint.serve(Jwks.withRawEntries(List.of(), List.of("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"" + first.getKeyId() + "\"}")));
        clock.advance(config.getCacheDuration().toJavaDuration());
        keySet.refreshIfDue();

        assertThat(keySet.lastError()).hasValueSatisfying(error -> assertThat(error).contains("no usable signing key"));
        assertThat(keySet.keys().kids()).containsExactly(first.getKeyId());
    }

    @Test
    void retriesAFailedFetchSoonButNotInALoop() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        endpoint.failWith(new IOException("connection refused"));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();

        for (int i = 0; i < 100; i++) {
            keySet.refreshIfDue();
            keySet.keys();
        }
        assertThat(endpoint.requests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        endpoint.serve(Jwks.of(first));
        keySet.keys();
        assertThat(endpoint.requests()).isEqualTo(2);
        assertThat(keySet.keys().kids()).containsExactly(first.getKeyId());
    }

    @Test
    void reportsKidsThatLeftTheKeySet() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first, second));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();

        endpoint.serve(Jwks.of(second));
        clock.advance(config.getCacheDuration().toJavaDuration());
        keySet.refreshIfDue();

        assertThat(removedKids).containsExactly(Set.of(first.getKeyId()));
    }

    @Test
    void reportsAKidRepublishedWithOtherKeyMaterialAndTheLossOfAKeyWithoutKid() throws JoseException {
        final PublicJsonWebKey impostor = key(first.getKeyId());
        final PublicJsonWebKey anonymous = key(null);
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first, anonymous));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();

        endpoint.serve(Jwks.of(impostor, anonymous));
        clock.advance(config.getCacheDuration().toJavaDuration());
        keySet.refreshIfDue();
        endpoint.serve(Jwks.of(impostor));
        clock.advance(config.getCacheDuration().toJavaDuration());
        keySet.refreshIfDue();

        // The empty set says that only a key without kid went: entries verified without kid must go.
        assertThat(removedKids).containsExactly(Set.of(first.getKeyId()), Set.of());
    }

    // ---------------------------------------------------------------- unknown kids

    @Test
    void refetchesForAnUnknownKidAtMostOncePerCooldown() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();

        for (int i = 0; i < 1000; i++) {
            keySet.keysIncluding("random-" + i);
        }
        assertThat(endpoint.requests()).isEqualTo(2);

        clock.advance(config.getRefetchCooldown().toJavaDuration().minusSeconds(1));
        keySet.keysIncluding("one-more");
        assertThat(endpoint.requests()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        keySet.keysIncluding("after-the-cooldown");
        assertThat(endpoint.requests()).isEqualTo(3);
        assertThat(meter("unknown-kid-refetches")).isEqualTo(2);
        assertThat(meter("unknown-kid-cooldown-rejections")).isEqualTo(1000);
    }

    @Test
    void aKidThatIsPresentNeverCausesAFetch() {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();

        for (int i = 0; i < 100; i++) {
            keySet.keysIncluding(first.getKeyId());
        }

        assertThat(endpoint.requests()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForANewKidShareOneFetchAndAllSeeTheNewKey() throws Exception {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        final CachedKeySet keySet = keySet(endpoint);
        keySet.refreshIfDue();
        endpoint.serve(Jwks.of(first, second));
        endpoint.hold();

        final List<Set<String>> seen = new CopyOnWriteArrayList<>();
        final List<Thread> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            final Thread request = new Thread(() -> seen.add(Set.copyOf(keySet.keysIncluding(second.getKeyId()).kids())));
            requests.add(request);
            request.start();
        }
        endpoint.awaitRequestInFlight();
        // Every request is parked on the one fetch before it is let go; one that had returned
        // early (refused by the cooldown, say) would have seen only the old key.
        for (Thread request : requests) {
            awaitParked(request);
        }
        endpoint.release();
        for (Thread request : requests) {
            request.join();
        }

        assertThat(endpoint.requests()).isEqualTo(2);
        assertThat(seen).hasSize(16).allSatisfy(kids -> assertThat(kids).contains(second.getKeyId()));
    }

    // ---------------------------------------------------------------- helpers

    private Duration lifetimeFor(String header, String value) {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(first));
        endpoint.setHeader(header, value);
        final CachedKeySet keySet = keySet(endpoint);
        keySet.keys();
        final CachedKeySet.Snapshot snapshot = keySet.snapshot().orElseThrow();
        return Duration.between(snapshot.fetchedAt(), snapshot.expiresAt());
    }

    private CachedKeySet keySet(StubJwksEndpoint endpoint) {
        return new CachedKeySet(URL, endpoint, config, clock, new JwksMetrics(registry), removedKids::add);
    }

    private long meter(String name) {
        return registry.meter(JwksMetrics.PREFIX + "." + name).getCount();
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(thread.getState()).as("a request finished before the shared fetch did").isNotEqualTo(Thread.State.TERMINATED);
            Thread.sleep(1);
        }
    }

    private static PublicJsonWebKey key(String kid) throws JoseException {
        final PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        key.setUse("sig");
        key.setAlgorithm("RS256");
        return key;
    }
}
