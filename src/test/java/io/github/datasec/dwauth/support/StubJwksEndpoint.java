package io.github.datasec.dwauth.support;

import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key endpoint without a network, for the key set's own logic: answers what the test set,
 * counts requests, fails on demand, and can hold a request until the test lets it go (a
 * "hanging" endpoint whose progress the test controls with latches rather than sleeps).
 */
public final class StubJwksEndpoint implements SimpleGet {
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body;
    private volatile int status = 200;
    private volatile Map<String, List<String>> headers = Map.of();
    private volatile IOException failure;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered = new CountDownLatch(1);

    public StubJwksEndpoint(String body) {
        this.body = body;
    }

    public void serve(String jwksJson) {
        this.body = jwksJson;
        this.status = 200;
        this.failure = null;
    }

    public void respondWithStatus(int httpStatus) {
        this.status = httpStatus;
    }

    public void failWith(IOException error) {
        this.failure = error;
    }

    public void setHeader(String name, String value) {
        final Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put(name, List.of(value));
        headers = copy;
    }

    /** Requests from now on wait until {@link #release()}; {@link #awaitRequestInFlight()} sees the first arrive. */
    public void hold() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    public void release() {
        final CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    public void awaitRequestInFlight() throws InterruptedException {
        entered.await();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public SimpleResponse get(String location) throws IOException {
        requests.incrementAndGet();
        entered.countDown();
        final CountDownLatch waitFor = gate;
        if (waitFor != null) {
            try {
                waitFor.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        final int code = status;
        final String text = body;
        final Map<String, List<String>> sent = headers;
        return new SimpleResponse() {
            @Override public int getStatusCode() { return code; }
            @Override public String getStatusMessage() { return code == 200 ? "OK" : "Error"; }
            @Override public Collection<String> getHeaderNames() { return new ArrayList<>(sent.keySet()); }
            @Override public List<String> getHeaderValues(String name) { return sent.get(name); }
            @Override public String getBody() { return text; }
        };
    }
}
