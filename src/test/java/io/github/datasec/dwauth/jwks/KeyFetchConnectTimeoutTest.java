package io.github.datasec.dwauth.jwks;

import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.config.JwksConfiguration;
import jakarta.ws.rs.client.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code jwks.connectTimeout} bounds the TCP handshake itself. A listener that never accepts, with its
 * accept queue already full, leaves the next handshake unanswered (Linux drops the SYN), as a host behind a
 * silent firewall does. The read timeout is set far longer, so only the connect timeout can end the fetch.
 */
class KeyFetchConnectTimeoutTest {
    private static final long CONNECT_TIMEOUT_MILLIS = 300;
    private static final long READ_TIMEOUT_MILLIS = 60_000;

    private final List<Socket> queued = new ArrayList<>();
    private ServerSocket neverAccepts;
    private Client client;

    @AfterEach
    void close() throws IOException {
        for (Socket socket : queued) {
            socket.close();
        }
        if (neverAccepts != null) {
            neverAccepts.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Timeout(30)
    void givesUpOnAHandshakeThatIsNeverAnsweredAfterTheConnectTimeout() throws IOException {
        neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        fillTheAcceptQueue();
        final JwksConfiguration config = new JwksConfiguration()
                .setConnectTimeout(Duration.milliseconds(CONNECT_TIMEOUT_MILLIS))
                .setReadTimeout(Duration.milliseconds(READ_TIMEOUT_MILLIS));
        client = JwksClients.create(config);
        final JerseySimpleGet http = new JerseySimpleGet(client, config.getMaxResponseSize().toBytes());

        final long start = System.nanoTime();
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + neverAccepts.getLocalPort() + "/certs"))
                .isInstanceOf(IOException.class);
        final long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isBetween(CONNECT_TIMEOUT_MILLIS - 50, 10_000L);
    }

    /** Connects until a handshake no longer completes within a moment: from then on the queue is full. */
    private void fillTheAcceptQueue() throws IOException {
        for (int i = 0; i < 64; i++) {
            final Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), neverAccepts.getLocalPort()), 200);
                queued.add(socket);
            } catch (IOException handshakeNotAnswered) {
                socket.close();
                return;
            }
        }
        throw new IllegalStateException("The accept queue of the listener never filled up");
    }
}
