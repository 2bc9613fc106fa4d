package io.github.datasec.dwauth.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.datasec.dwauth.testing.browser.Browsers;
import io.github.datasec.dwauth.testing.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./demo.sh} as the README tells a newcomer to run it: started from the tree, signed into
 * with a real Chromium, refusing a second start, stopped with Ctrl-C (SIGINT). It uses the demo's
 * fixed ports 8081, 8585 and 8586, so the build runs it first among the integration tests (see the
 * failsafe configuration), and nothing may hold those ports when it starts.
 *
 * <p>The script gets the jar this build just made through {@code APP_JAR}, so it never runs Maven on
 * the tree the surrounding build is using.
 */
@Order(1)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DemoScriptIT {
    private static final List<Integer> DEMO_PORTS = List.of(8081, 8585, 8586);
    private static final String DEMO_URL = "http://localhost:8585/";
    private static final String READY_LINE = "The demo is running.";
    // A fresh unpack makes Keycloak build itself on its first start: minutes on two busy cores.
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(12);
    // demo.sh gives the application and Keycloak 30 s each to stop before it kills them.
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BROWSER_WAIT = Duration.ofSeconds(60);

    private Process demo;
    private Path output;

    /** One story, because each step needs the demo the step before left behind. */
    @Test
    void demoStartsFromTheTreeSignsInTheAdminRefusesASecondStartAndStopsOnCtrlC() throws Exception {
        assertThat(DEMO_PORTS).as("ports the demo needs, free before it starts").noneMatch(DemoScriptIT::listening);
        output = Files.createTempFile("demo-script-it-", ".log");
        demo = demoScript().redirectErrorStream(true).redirectOutput(output.toFile()).start();
        awaitOutput(READY_LINE, STARTUP_TIMEOUT);

        adminSignsInSeesTheAdministratorAndSignsOutWithACleanConsole();
        aSecondStartRefusesNamingThePort();
        ctrlCStopsTheDemoAndFreesAllThreePorts();
    }

    /**
     * The switch docs/dpop.md gives: with DPoP required the API refuses every token that is not bound to a key with a
     * fresh proof, so an administrator the page can show at all was read through DPoP-bound calls.
     */
    @Test
    void demoRunsWithDpopRequiredAndTheAdminSignsInThroughBoundTokens() throws Exception {
        assertThat(DEMO_PORTS).as("ports the demo needs, free before it starts").noneMatch(DemoScriptIT::listening);
        output = Files.createTempFile("demo-script-it-dpop-", ".log");
        final ProcessBuilder withDpop = demoScript();
        withDpop.environment().put("AUTHENTICATION_RESPONSE_TYPE", "code");
        withDpop.environment().put("AUTHENTICATION_DPOP", "required");
        demo = withDpop.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        awaitOutput(READY_LINE, STARTUP_TIMEOUT);

        final JsonNode metadata = new ObjectMapper().readTree(
                URI.create(DEMO_URL + ".well-known/oauth-protected-resource").toURL());
        assertThat(metadata.path("dpop_bound_access_tokens_required").asBoolean(false)).isTrue();
        adminSignsInSeesTheAdministratorAndSignsOutWithACleanConsole();
        ctrlCStopsTheDemoAndFreesAllThreePorts();
    }

    @AfterEach
    void stopWhatIsLeft() throws IOException {
        if (demo != null && demo.isAlive()) {
            Stream.concat(demo.descendants(), Stream.of(demo.toHandle())).forEach(ProcessHandle::destroyForcibly);
        }
        if (output != null) {
            Files.deleteIfExists(output);
        }
    }

    private static void adminSignsInSeesTheAdministratorAndSignsOutWithACleanConsole() {
        try (HeadlessChromium browser = Browsers.headlessChromium()) {
            final WebDriver driver = browser.driver();
            driver.get(DEMO_URL);
            awaitState(driver, "signed-out");
            await(driver).until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
            await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("admin-user");
            driver.findElement(By.id("password")).sendKeys("admin-password");
            driver.findElement(By.id("kc-login")).click();

            awaitState(driver, "signed-in");
            assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("admin-user");
            assertThat(driver.findElement(By.id("user-admin")).getText()).isEqualTo("Yes");

            await(driver).until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
            awaitState(driver, "signed-out");
            assertThat(driver.getCurrentUrl()).isEqualTo(DEMO_URL);
            assertThat(browser.consoleEntries()).as("the browser console").isEmpty();
        }
    }

    private void aSecondStartRefusesNamingThePort() throws Exception {
        final Process second = demoScript().redirectErrorStream(true).start();
        final boolean ended = second.waitFor(REFUSAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            second.destroyForcibly();
        }
        assertThat(ended).as("the second start ends on its own").isTrue();
        final String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(second.exitValue()).as(said).isEqualTo(1);
        assertThat(said).contains("demo.sh: port 8081 is already in use");
        assertThat(demo.isAlive()).as("the first demo still runs").isTrue();
    }

    private void ctrlCStopsTheDemoAndFreesAllThreePorts() throws Exception {
        final Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).inheritIO().start();
        assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(demo.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("demo.sh stopped after SIGINT").isTrue();
        assertThat(demo.exitValue()).isEqualTo(130);
        assertThat(Files.readString(output)).contains("Stopping the example application", "Stopping Keycloak");
        assertThat(DEMO_PORTS).as("ports still listening after the demo stopped").noneMatch(DemoScriptIT::listening);
    }

    private static ProcessBuilder demoScript() {
        // Ctrl-C in a terminal finds SIGINT at its default; a build started in the background inherits it
        // ignored, and bash cannot trap a signal ignored at entry. Restore the terminal's default first.
        final ProcessBuilder builder = new ProcessBuilder("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!", "./demo.sh")
                .directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().put("APP_JAR", System.getProperty("demo.appJar", "target/app.jar"));
        return builder;
    }

    private void awaitOutput(String line, Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!outputSoFar().contains(line)) {
            if (!demo.isAlive()) {
                throw new AssertionError("demo.sh ended with " + demo.exitValue() + " before it said '" + line
                        + "':\n" + outputSoFar());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("demo.sh did not say '" + line + "' within " + timeout.toSeconds()
                        + " s:\n" + outputSoFar());
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private String outputSoFar() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitState(WebDriver driver, String state) {
        await(driver).until(d -> state.equals(d.findElement(By.id("app")).getAttribute("data-state")));
    }

    private static WebDriverWait await(WebDriver driver) {
        final WebDriverWait wait = new WebDriverWait(driver, BROWSER_WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for demo.sh", e);
        }
    }
}
