package io.github.datasec.dwauth.jwks;

import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.support.Jwks;
import io.github.datasec.dwauth.support.MutableClock;
import io.github.datasec.dwauth.support.StubJwksEndpoint;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.jose4j.http.SimpleGet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A key endpoint that hangs must not hold up requests whose key is already cached. The stub holds
 * the fetch until the test releases it, and the timeouts are set to their maximum, so a request
 * that waited for that fetch would wait two minutes. The 20-second bound below is therefore no
 * race: a correct request answers in milliseconds, a waiting one not for 120 seconds.
 */
class SlowKeyEndpointTest {
    private static final String URL_A = "https://a.example/certs";
    private static final String URL_B = "https://b.example/certs";
    private static final java.time.Duration FAR_BELOW_THE_FETCH_TIMEOUT = java.time.Duration.ofSeconds(20);

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static PublicJsonWebKey keyA;

    private final MutableClock clock = MutableClock.startingNow();

    @BeforeAll
    static void generateKeys() throws JoseException {
        keyA = SeveralKeySetsTest.key("key-a");
    }

    @Test
    void aHangingRefreshDoesNotDelayRequestsWithACachedKey() throws Exception {
        final StubJwksEndpoint endpoint = new StubJwksEndpoint(Jwks.of(keyA));
        try (IssuerAuthentication bundle = bundle(Map.of(URL_A, endpoint), List.of(URL_A))) {
            bundle.accept(ISSUER.token().signedWith(keyA, "RS256").sign());
            endpoint.hold();
            clock.advance(bundle.config().getJwks().getCacheDuration().toJavaDuration());
            final Thread refresher = new Thread(bundle.authentication()::refreshDueKeySets);
            refresher.start();
            endpoint.awaitRequestInFlight();

            try {
                assertTimeoutPreemptively(FAR_BELOW_THE_FETCH_TIMEOUT,
                        () -> bundle.accept(ISSUER.token().signedWith(keyA, "RS256").username("not-delayed").sign()));
            } finally {
                endpoint.release();
                refresher.join();
            }
        }
    }

    @Test
    void aHangingKeySetDoesNotDelayRequestsWhoseKeyAnotherSetHolds() throws Exception {
        final StubJwksEndpoint fine = new StubJwksEndpoint(Jwks.of(keyA));
        final StubJwksEndpoint hanging = new StubJwksEndpoint(Jwks.of());
        hanging.hold();
        try (IssuerAuthentication bundle = bundle(Map.of(URL_A, fine, URL_B, hanging), List.of(URL_A, URL_B))) {
            // As at startup: the scheduler fetches every set in turn, and the second one hangs.
            final Thread refresher = new Thread(bundle.authentication()::refreshDueKeySets);
            refresher.start();
            hanging.awaitRequestInFlight();

            try {
                assertTimeoutPreemptively(FAR_BELOW_THE_FETCH_TIMEOUT,
                        () -> bundle.accept(ISSUER.token().signedWith(keyA, "RS256").sign()));
            } finally {
                hanging.release();
                refresher.join();
            }
        }
    }

    private IssuerAuthentication bundle(Map<String, StubJwksEndpoint> byUrl, List<String> urls) {
        final SimpleGet http = url -> byUrl.get(url).get(url);
        return IssuerAuthentication.withKeysFrom(http, ISSUER, config -> slowestAllowedTimeouts(config.setPublicKeyUrls(urls)), clock);
    }

    private static void slowestAllowedTimeouts(AuthenticationConfiguration config) {
        config.getJwks().setConnectTimeout(Duration.seconds(60)).setReadTimeout(Duration.seconds(60));
    }
}
