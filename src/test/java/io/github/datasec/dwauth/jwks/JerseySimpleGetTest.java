package io.github.datasec.dwauth.jwks;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.config.JwksConfiguration;
import jakarta.ws.rs.client.Client;
import org.jose4j.http.SimpleResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP side of key fetching as the bundle builds it: size cap, timeouts, no redirects. */
class JerseySimpleGetTest {
    private static final int CAP = 4096;

    // The fetch deadline (connect plus read timeout) far beyond the read timeout, so that on a busy
    // machine a hanging endpoint is still ended by the read timeout this class tests.
    private final JwksConfiguration config = new JwksConfiguration()
            .setConnectTimeout(Duration.seconds(10))
            .setReadTimeout(Duration.milliseconds(300))
            .setMaxResponseSize(DataSize.bytes(CAP));
    private final AtomicInteger elsewhereHits = new AtomicInteger();
    private final CountDownLatch neverAnswer = new CountDownLatch(1);
    // Handlers run on their own threads, so a hanging one does not block the others.
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private HttpServer elsewhere;
    private Client client;
    private JerseySimpleGet http;

    @BeforeEach
    void start() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereHits.incrementAndGet();
            respond(exchange, 200, "{\"keys\":[]}", -1);
        });
        elsewhere.start();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/exactly-cap", exchange -> respond(exchange, 200, "x".repeat(CAP), -1));
        server.createContext("/over-cap", exchange -> respond(exchange, 200, "x".repeat(CAP + 1), -1));
        server.createContext("/over-cap-chunked", exchange -> respond(exchange, 200, "x".repeat(10 * CAP), 0));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/certs");
            respond(exchange, 302, "", -1);
        });
        server.createContext("/hang", exchange -> {
            try {
                // Answers after ten seconds at the latest: only a client that gave up long before
                // (the read timeout is 300 ms) sees no answer, one without a working timeout gets a 200.
                neverAnswer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}", -1);
        });
        server.start();
        client = JwksClients.create(config);
        http = new JerseySimpleGet(client, config.getMaxResponseSize().toBytes());
    }

    @AfterEach
    void stop() {
        neverAnswer.countDown();
        client.close();
        server.stop(0);
        elsewhere.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void readsAResponseOfExactlyTheCap() throws IOException {
        assertThat(http.get(url("/exactly-cap")).getBody()).hasSize(CAP);
    }

    @Test
    void refusesAResponseOverTheCap() {
        assertThatThrownBy(() -> http.get(url("/over-cap"))).isInstanceOf(IOException.class).hasMessageContaining("exceeds");
    }

    @Test
    void refusesAResponseOverTheCapThatAnnouncesNoLength() {
        assertThatThrownBy(() -> http.get(url("/over-cap-chunked"))).isInstanceOf(IOException.class).hasMessageContaining("exceeds");
    }

    @Test
    void neverFollowsARedirect() throws IOException {
        final SimpleResponse response = http.get(url("/redirect"));

        assertThat(response.getStatusCode()).isEqualTo(302);
        assertThat(elsewhereHits).hasValue(0);
    }

    @Test
    void aRedirectingKeyEndpointIsAFailedFetchNotAKeySet() {
        final CachedKeySet keySet = new CachedKeySet(url("/redirect"), http, config, Clock.systemUTC(),
                new JwksMetrics(new MetricRegistry()), removed -> { });

        assertThat(keySet.keys().size()).isZero();
        assertThat(keySet.lastError()).hasValueSatisfying(error -> assertThat(error).contains("HTTP 302"));
        assertThat(elsewhereHits).hasValue(0);
    }

    @Test
    void givesUpOnAnEndpointThatNeverAnswers() {
        assertThatThrownBy(() -> http.get(url("/hang"))).isInstanceOf(IOException.class).hasMessageContaining("Timeout");
    }

    @Test
    void reportsARefusedConnectionAsAnIOException() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + closedPort + "/certs")).isInstanceOf(IOException.class);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code length} as for {@link HttpExchange#sendResponseHeaders}: -1 for the body's size, 0 for chunked. */
    private static void respond(HttpExchange exchange, int status, String body, int length) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, length == -1 ? (bytes.length == 0 ? -1 : bytes.length) : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
