package io.github.datasec.dwauth.example;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application's own log (not the request log), written to a file with the bundle's
 * loggers at DEBUG: it never holds a token, and it warns about plain-http key URLs.
 */
class ApplicationLogTest {
    private static final Duration LOG_WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @TempDir
    Path dir;

    @Test
    void neverHoldsATokenWhetherAcceptedOrRefused() throws Exception {
        final String valid = ISSUER.token().username("alice").sign();
        final String expired = ISSUER.token().expiresIn(Duration.ofMinutes(-10)).sign();
        final String unknownKey = ISSUER.token().keyId("kid-nobody-published").sign();
        final String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJlLW9mLW5vYm9keQ";
        final Path log = dir.resolve("app.log");
        final DropwizardTestSupport<ExampleConfiguration> app = app(log, ISSUER.configOverrides());
        app.before();
        try (Client client = ClientBuilder.newClient()) {
            assertThat(status(client, app, valid)).isEqualTo(200);
            for (String refused : List.of(expired, unknownKey, forged)) {
                assertThat(status(client, app, refused)).isEqualTo(401);
            }
        } finally {
            app.after();
        }

        final String written = awaitText(log, "Stopped");
        for (String token : List.of(valid, expired, unknownKey, forged)) {
            assertThat(written).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    /** The key set and the authority over plain http to another host: allowed only by the opt-out, and warned about. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "authenticationConfiguration.publicKeyUrls|http://keys.example.invalid/certs|SECURITY: key set http://keys.example.invalid/certs is fetched over plain http",
            "authenticationConfiguration.authority|http://sso.example.invalid/realms/data-sec|SECURITY: authority http://sso.example.invalid/realms/data-sec is reached over plain http",
    })
    void warnsAtStartupAboutPlainHttpToAnotherHost(String field, String url, String warning) throws Exception {
        final Path log = dir.resolve("app.log");
        final DropwizardTestSupport<ExampleConfiguration> app = app(log, ConfigOverride.config(field, url),
                ConfigOverride.config("authenticationConfiguration.jwks.allowInsecureHttp", "true"));
        app.before();
        app.after();

        assertThat(awaitText(log, warning)).containsPattern("WARN .*" + Pattern.quote(warning));
    }

    private DropwizardTestSupport<ExampleConfiguration> app(Path log, ConfigOverride... overrides) throws Exception {
        final Path config = dir.resolve("config.yaml");
        final String yaml = Files.readString(Path.of("config.yaml"), StandardCharsets.UTF_8);
        final String logging = """
                logging:
                  level: INFO
                  loggers:
                    io.github.datasec: DEBUG
                  appenders:
                    - type: file
                      currentLogFilename: %s
                      archive: false
                """.formatted(log);
        assertThat(yaml).contains("logging:\n  level: ${LOG_LEVEL:-INFO}\n");
        Files.writeString(config, yaml.replace("logging:\n  level: ${LOG_LEVEL:-INFO}\n", logging));
        return new DropwizardTestSupport<>(ExampleApplication.class, config.toString(),
                Stream.concat(Stream.of(
                                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                                ConfigOverride.config("server.adminConnectors[0].port", "0")),
                        Stream.of(overrides)).toArray(ConfigOverride[]::new));
    }

    private static int status(Client client, DropwizardTestSupport<ExampleConfiguration> app, String token) {
        try (Response response = client.target("http://localhost:" + app.getLocalPort() + "/api/v1/users/loggedInUser")
                .register(BearerTokens.of(token)).request().get()) {
            return response.getStatus();
        }
    }

    /** The log as written once it holds the text: the file appender writes from its own thread. */
    private static String awaitText(Path log, String text) throws Exception {
        final long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        while (true) {
            final String written = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (written.contains(text)) {
                return written;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the log did not say '" + text + "' within " + LOG_WAIT.toSeconds() + " s:\n" + written);
            }
            Thread.sleep(100);
        }
    }
}
