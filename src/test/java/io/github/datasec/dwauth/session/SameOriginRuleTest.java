package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static io.github.datasec.dwauth.session.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The CSRF rule of cookie-authenticated requests. */
class SameOriginRuleTest {
    private static final String API = "https://app.example.com/api/v1/admin/ping";
    private final SameOriginRule rule = new SameOriginRule(WebOrigin.of(URI.create("https://app.example.com")));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void letsSafeMethodsThroughFromAnywhere(String method) {
        assertThat(rule.allows(request(method, API, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"))).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
            "POST, Sec-Fetch-Site, cross-site",
            "POST, Sec-Fetch-Site, same-site",
            "PUT, Sec-Fetch-Site, none",
            "DELETE, Origin, https://evil.example",
            "PATCH, Origin, null",
            "POST, Origin, http://app.example.com",
            "POST, Origin, https://app.example.com:8443",
            "POST, Referer, https://app.example.com/",
    })
    void refusesUnsafeMethodsWithoutASameOriginProof(String method, String header, String value) {
        assertThat(rule.allows(request(method, API, header, value))).isFalse();
    }

    @Test
    void refusesAnUnsafeMethodWithNoProofAtAll() {
        assertThat(rule.allows(request("POST", API))).isFalse();
    }

    @Test
    void trustsSecFetchSiteOverAnOriginThatLooksRight() {
        assertThat(rule.allows(request("POST", API, "Sec-Fetch-Site", "cross-site", "Origin", "https://app.example.com"))).isFalse();
    }

    @Test
    void acceptsSameOriginRequests() {
        assertThat(rule.allows(request("POST", API, "Sec-Fetch-Site", "same-origin"))).isTrue();
        assertThat(rule.allows(request("DELETE", API, "Origin", "https://app.example.com"))).isTrue();
        assertThat(rule.allows(request("PUT", API, "Origin", "https://APP.example.com:443"))).isTrue();
    }
}
