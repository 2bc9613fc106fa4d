package io.github.datasec.dwauth.jwks;

import org.glassfish.jersey.client.HttpUrlConnectorProvider;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The overall deadline of one key fetch. The read timeout only bounds each read, so an endpoint that
 * sends a byte now and then would keep a fetch alive for hours; this closes the fetch's connection
 * once its deadline has passed while the fetch waits for the status line and headers (or a retry the JDK
 * makes on its own); the body is read in pieces by {@link JerseySimpleGet}, which stops at the deadline.
 *
 * <p>Installed as the connection factory of the key set client ({@link JwksClients}); a fetch opens a
 * {@link Scope} around its request ({@link JerseySimpleGet}), and every connection opened on that thread
 * inside the scope is watched. Connections opened outside a scope (provider calls of the confidential
 * mode share the client) are left alone.
 */
final class FetchDeadline implements HttpUrlConnectorProvider.ConnectionFactory {
    /** After the deadline, the connection is closed again at this pace until the fetch gives up, so a retry cannot escape. */
    private static final long RECLOSE_MILLIS = 100;
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            final Thread thread = new Thread(task, "oidc-jwks-fetch-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /** Starts the deadline of a fetch on this thread; close the scope when the fetch is over. */
    static Scope start(Duration deadline) {
        final Scope scope = new Scope(deadline);
        CURRENT.set(scope);
        return scope;
    }

    @Override
    public HttpURLConnection getConnection(URL url) throws IOException {
        return watched((HttpURLConnection) url.openConnection());
    }

    @Override
    public HttpURLConnection getConnection(URL url, Proxy proxy) throws IOException {
        return watched((HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy)));
    }

    private static HttpURLConnection watched(HttpURLConnection connection) {
        final Scope scope = CURRENT.get();
        if (scope != null) {
            scope.watch(connection);
        }
        return connection;
    }

    /** One fetch's deadline and the connections it closes when the deadline passes. */
    static final class Scope implements AutoCloseable {
        private final long deadlineNanos;
        private final List<ScheduledFuture<?>> closers = new ArrayList<>(1);
        private volatile boolean expired;

        private Scope(Duration deadline) {
            this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        }

        private synchronized void watch(HttpURLConnection connection) {
            final long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            closers.add(TIMER.scheduleWithFixedDelay(() -> {
                expired = true;
                connection.disconnect();
            }, remaining, TimeUnit.MILLISECONDS.toNanos(RECLOSE_MILLIS), TimeUnit.NANOSECONDS));
        }

        /** True once the deadline has closed a connection, so that the failure is reported as the deadline's. */
        boolean expired() {
            return expired;
        }

        boolean pastDeadline() {
            return System.nanoTime() - deadlineNanos >= 0;
        }

        /**
         * From here the body is read by the fetch itself, which checks {@link #pastDeadline()} after every
         * read: closing the connection now would wait for the reader's monitor, one read at a time.
         */
        synchronized void readingBody() {
            closers.forEach(closer -> closer.cancel(false));
        }

        @Override
        public synchronized void close() {
            closers.forEach(closer -> closer.cancel(false));
            CURRENT.remove();
        }
    }
}
