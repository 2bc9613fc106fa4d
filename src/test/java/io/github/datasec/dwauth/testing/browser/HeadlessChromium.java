package io.github.datasec.dwauth.testing.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A running headless Chromium with its own temporary profile; {@link #close()} removes both. */
public final class HeadlessChromium implements AutoCloseable {
    private static final String BIDI_MAPPER_START = "Launching Mapper instance with selfTargetId";

    private final ChromeDriver driver;
    private final Path profile;

    HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * What the pages logged to the console since the last call, network errors such as a 404 for a
     * favicon included, each as {@code LEVEL message}. The line chromedriver's own WebDriver BiDi
     * mapper logs when it starts is left out: it comes from the driver's tab, not from any page.
     */
    public List<String> consoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .filter(entry -> !entry.contains(BIDI_MAPPER_START))
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Chromium profile " + folder, e);
        }
    }
}
