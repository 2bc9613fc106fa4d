package io.github.datasec.dwauth.testing.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Keycloak's own distribution ({@code org.keycloak:keycloak-quarkus-dist}, unpacked) run as a
 * child process in development mode, for machines without a Docker engine.
 */
final class DistributionKeycloakServer implements KeycloakServer {

    // The first start after an unpack also builds Keycloak (Quarkus augmentation), over a minute on 2 busy cores;
    // -Dkeycloak.startupTimeoutSeconds raises the bound further on a machine busier still.
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("keycloak.startupTimeoutSeconds", 300));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final String baseUrl;

    private DistributionKeycloakServer(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts Keycloak from an unpacked distribution on a free port with a fresh database that holds
     * only the given realms, and waits until it serves.
     *
     * @param home the distribution's folder, the one holding {@code bin/kc.sh} and {@code version.txt}
     */
    static DistributionKeycloakServer start(Path home, List<RealmFile> realms, KeycloakHttp http) {
        Path kcScript = home.resolve("bin").resolve("kc.sh");
        Path versionFile = home.resolve("version.txt");
        if (!Files.isExecutable(kcScript) || !Files.isRegularFile(versionFile)) {
            throw new IllegalStateException(home + " is not an unpacked Keycloak distribution: it needs an executable"
                    + " bin/kc.sh and a version.txt (run `mvn verify`, which unpacks it, or point keycloak.home at one)");
        }
        prepareData(home.resolve("data"), realms);
        int port = freePort();
        Path log = home.resolveSibling("keycloak-server.log");
        ProcessBuilder builder = new ProcessBuilder(
                kcScript.toString(), "start-dev", "--http-port=" + port, "--import-realm")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);

        long started = System.nanoTime();
        Process process = startProcess(builder);
        DistributionKeycloakServer server = new DistributionKeycloakServer(process, "http://localhost:" + port);
        try {
            server.awaitReady(http, realms, log);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        System.out.println("Keycloak " + version(versionFile) + " (distribution) ready at " + server.baseUrl
                + " in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s (log: " + log + ")");
        return server;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    /** Stops kc.sh and the JVM it runs, asking politely first and forcing them after a timeout. */
    @Override
    public void stop() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                handle.destroyForcibly();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Waiting for Keycloak process " + handle.pid() + " to end failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tree.forEach(ProcessHandle::destroyForcibly);
                return;
            }
        }
    }

    /** Replaces the development database and the import folder, so every run starts from the realm files. */
    private static void prepareData(Path data, List<RealmFile> realms) {
        try {
            deleteRecursively(data);
            Path importDir = Files.createDirectories(data.resolve("import"));
            for (RealmFile realm : realms) {
                Files.copy(realm.path(), importDir.resolve(realm.importFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Keycloak's data folder " + data, e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Waits until realm {@code master} publishes its discovery document, failing early if Keycloak
     * exits, then checks that every realm file was imported, which Keycloak does before it listens.
     */
    private void awaitReady(KeycloakHttp http, List<RealmFile> realms, Path log) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        URI master = discovery("master");
        while (!serves(http, master)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                        + " before " + master + " answered. Last lines of " + log + ":\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak did not serve " + master + " within "
                        + STARTUP_TIMEOUT.toSeconds() + " s. Last lines of " + log + ":\n" + tail(log));
            }
            pause();
        }
        for (RealmFile realm : realms) {
            if (!serves(http, discovery(realm.realm()))) {
                throw new IllegalStateException("Keycloak started without realm " + realm.realm() + " from "
                        + realm.path() + ". Last lines of " + log + ":\n" + tail(log));
            }
        }
    }

    private URI discovery(String realm) {
        return URI.create(baseUrl + "/realms/" + KeycloakHttp.segment(realm) + "/.well-known/openid-configuration");
    }

    /** Whether the URI answers 200; a refused or timed-out connection means Keycloak is not listening yet. */
    private static boolean serves(KeycloakHttp http, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return http.exchange(request).statusCode() == 200;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpTimeoutException) {
                return false;
            }
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak to start", e);
        }
    }

    private static Process startProcess(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + String.join(" ", builder.command()), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port for Keycloak", e);
        }
    }

    private static String version(Path versionFile) {
        try {
            String text = Files.readString(versionFile, StandardCharsets.UTF_8).trim();
            return text.substring(text.lastIndexOf(' ') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + versionFile, e);
        }
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }
}
