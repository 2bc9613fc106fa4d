package io.github.datasec.dwauth.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) as a child process on a free loopback port, without
 * persistence: nothing survives {@link #stop()}, and nothing is written to disk. It can be stopped and
 * started again on the same port, for outage drills.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path executable;
    private final int port;
    private final Path workDir;
    private Process process;

    private RedisServer(Path executable, int port, Path workDir) {
        this.executable = executable;
        this.port = port;
        this.workDir = workDir;
    }

    /** Starts {@code redis-server} from {@code -Dredis.server} or {@code /usr/bin/redis-server}; fails if there is none. */
    public static RedisServer start() throws IOException, InterruptedException {
        final Path executable = Path.of(System.getProperty("redis.server", "/usr/bin/redis-server"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " not found: install Debian's redis-server (.ci/run does)");
        }
        final RedisServer server = new RedisServer(executable, freePort(), Files.createTempDirectory("redis-test"));
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, for {@code sessions.redisUri}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server; its data is gone. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        // A paused server would not see SIGTERM until continued.
        process.toHandle().destroy();
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroyForcibly();
        }
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Starts the server again on the same port, empty. */
    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    /**
     * Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a hung or
     * partitioned Redis, and no data is lost. {@link #resume()} lets it go on.
     */
    public synchronized void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public synchronized void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        final Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " failed for redis-server " + process.pid());
        }
    }

    /** Sends one inline command and returns the first line of the reply, e.g. {@code +PONG}. */
    public String command(String inline) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            final OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = socket.getInputStream();
            final StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private synchronized void startProcess() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", workDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("redis.log").toFile())
                .start();
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(workDir.resolve("redis.log")));
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        stop();
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
