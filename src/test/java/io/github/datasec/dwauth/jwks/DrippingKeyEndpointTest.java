package io.github.datasec.dwauth.jwks;

import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.JwksConfiguration;
import io.github.datasec.dwauth.health.JwksHealthCheck;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import com.codahale.metrics.health.HealthCheck;
import jakarta.ws.rs.client.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key endpoint that answers one byte every 200 ms, far inside the read timeout of each read, keeps
 * a fetch alive for as long as it likes unless the fetch has a deadline of its own: connectTimeout
 * plus readTimeout, here 2 s. The endpoint drips for a minute, so a fetch without the deadline runs
 * into each test's timeout instead of ending.
 */
class DrippingKeyEndpointTest {
    private static final long DRIP_MILLIS = 200;
    private static final long DRIP_FOR_MILLIS = 60_000;
    private static final long CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final long READ_TIMEOUT_MILLIS = 1_000;
    private static final long DEADLINE_MILLIS = 2_000;
    /**
     * Room for scheduling on a loaded two-core machine, and for the half second a waiter allows past the
     * deadline; below a second deadline (a request that waited twice), far below the drip's minute.
     */
    private static final long MARGIN_MILLIS = 2_000;

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    /** Which part of the response comes one byte at a time. */
    enum Dripping { STATUS_LINE_AND_HEADERS, BODY }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ServerSocket endpoint;
    private Client client;

    /**
     * One accepted token through the whole chain first, so that the times measured below are the
     * deadline's and not a cold JVM's (class loading, Jersey's first client) on a busy machine.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (IssuerAuthentication warm = IssuerAuthentication.against(ISSUER)) {
            assertThat(warm.accept(ISSUER.token().username("warm-up").sign()).name()).isEqualTo("warm-up");
        }
    }

    @AfterEach
    void stop() throws IOException {
        threads.shutdownNow();
        if (endpoint != null) {
            endpoint.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Dripping.class)
    @Timeout(30)
    void endsAFetchThatIsStillReceivingBytesAtItsDeadline(Dripping dripping) throws Exception {
        final String url = drippingEndpoint(dripping);
        final JwksConfiguration config = timeouts(new JwksConfiguration());
        client = JwksClients.create(config);
        final JerseySimpleGet http = new JerseySimpleGet(client, config.getMaxResponseSize().toBytes());

        final long start = System.nanoTime();
        assertThatThrownBy(() -> http.get(url))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("took longer than its deadline of 2000 ms");
        final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).isBetween(DEADLINE_MILLIS - 100, DEADLINE_MILLIS + MARGIN_MILLIS);
    }

    @Test
    void theDeadlineIsOneConnectTimeoutPlusOneReadTimeout() {
        assertThat(JwksClients.fetchDeadline(new JwksConfiguration()))
                .isEqualTo(java.time.Duration.ofSeconds(7));
        assertThat(JwksClients.fetchDeadline(timeouts(new JwksConfiguration())))
                .isEqualTo(java.time.Duration.ofMillis(DEADLINE_MILLIS));
    }

    @Test
    @Timeout(30)
    void requestsWaitingForADrippingKeySetAreRefusedWithinTheDeadlineAndHealthSaysWhy() throws Exception {
        final String url = drippingEndpoint(Dripping.BODY);
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER, config -> timeouts(config.setPublicKeyUrls(List.of(url))))) {
            final String token = ISSUER.token().username("alice").sign();
            final List<Callable<Long>> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                requests.add(() -> {
                    final long start = System.nanoTime();
                    assertThat(bundle.rejectionOf(token)).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                });
            }

            for (Future<Long> elapsed : threads.invokeAll(requests)) {
                assertThat(elapsed.get()).isLessThanOrEqualTo(DEADLINE_MILLIS + MARGIN_MILLIS);
            }
            final HealthCheck.Result health = new JwksHealthCheck(bundle.authentication().keySets(), Clock.systemUTC()).execute();
            assertThat(health.isHealthy()).isFalse();
            assertThat(health.getMessage()).contains(url + ": keys were never fetched")
                    .contains("took longer than its deadline of 2000 ms");
        }
    }

    private static AuthenticationConfiguration timeouts(AuthenticationConfiguration config) {
        timeouts(config.getJwks());
        return config;
    }

    private static JwksConfiguration timeouts(JwksConfiguration jwks) {
        return jwks.setConnectTimeout(Duration.milliseconds(CONNECT_TIMEOUT_MILLIS))
                .setReadTimeout(Duration.milliseconds(READ_TIMEOUT_MILLIS));
    }

    /** A raw HTTP endpoint on loopback that answers every connection one byte at a time. */
    private String drippingEndpoint(Dripping dripping) throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!endpoint.isClosed()) {
                final Socket connection = endpoint.accept();
                threads.submit(() -> drip(connection, dripping));
            }
            return null;
        });
        return "http://127.0.0.1:" + endpoint.getLocalPort() + "/certs";
    }

    private static Void drip(Socket connection, Dripping dripping) throws IOException, InterruptedException {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            readRequestHead(in);
            final String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";
            final byte[] body = ("{\"keys\":[" + " ".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII);
            final byte[] dripped = dripping == Dripping.BODY ? body : head.getBytes(StandardCharsets.US_ASCII);
            if (dripping == Dripping.BODY) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRIP_FOR_MILLIS);
            for (int i = 0; i < dripped.length && System.nanoTime() < until; i++) {
                out.write(dripped[i]);
                out.flush();
                Thread.sleep(DRIP_MILLIS);
            }
        } catch (IOException closedByTheClient) {
            // The client hung up: that is what the deadline is for.
        }
        return null;
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        final byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            final int next = in.read();
            if (next < 0) {
                throw new IOException("the request ended before its head did");
            }
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
    }
}
