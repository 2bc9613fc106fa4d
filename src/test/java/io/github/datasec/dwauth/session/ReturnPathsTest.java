package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The login's redirectUri: anywhere on this application, nowhere else. */
class ReturnPathsTest {
    private final ReturnPaths paths = new ReturnPaths(WebOrigin.of(URI.create("https://app.example.com")));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/|/",
            "/reports?tab=2|/reports?tab=2",
            "https://app.example.com/reports|/reports",
            "https://APP.example.com:443/a?b=c|/a?b=c",
            "https://app.example.com|/",
    })
    void acceptsPathsAndUrlsOnItsOwnOrigin(String redirectUri, String expected) {
        assertThat(paths.accept(redirectUri)).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "//evil.example/", "/\\evil.example/", "\\\\evil.example", "https://evil.example/",
            "http://app.example.com/", "https://app.example.com:8443/", "https://app.example.com.evil.example/",
            "https://user@app.example.com/", "javascript:alert(1)", "data:text/html,x", "reports", "/a\tb",
            "/a\nb", "https:/\\evil.example",
    })
    void refusesAnythingThatLeadsOffTheApplication(String redirectUri) {
        assertThat(paths.accept(redirectUri)).isEmpty();
    }
}
