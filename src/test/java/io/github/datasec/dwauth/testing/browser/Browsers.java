package io.github.datasec.dwauth.testing.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * Real browsers for end-to-end tests: Debian's Chromium and its matching chromedriver, never a
 * browser downloaded at test time. A missing browser is a test failure, not a skipped test.
 */
public final class Browsers {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browsers() {
    }

    /**
     * Starts a headless Chromium with a fresh, empty profile, so no cookie or storage leaks from one
     * browser to the next, and with WebDriver BiDi switched on, so tests can watch its network
     * traffic ({@code org.openqa.selenium.bidi.module.Network}), and with its console recorded
     * ({@link HeadlessChromium#consoleEntries()}). Close it to stop the browser and
     * delete the profile.
     *
     * @throws IllegalStateException if Chromium or chromedriver is not installed
     */
    public static HeadlessChromium headlessChromium() {
        requireExecutable(CHROMIUM);
        requireExecutable(CHROMEDRIVER);
        final Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile folder", e);
        }
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.enableBiDi();
        final LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                // Without these Chromium keeps calling Google's services, which a closed network refuses.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=en-US",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new HeadlessChromium(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            HeadlessChromium.deleteRecursively(profile);
            throw e;
        }
    }

    private static void requireExecutable(Path program) {
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " is missing. Browser tests need Debian's Chromium:"
                    + " apt-get install -y chromium chromium-driver");
        }
    }
}
