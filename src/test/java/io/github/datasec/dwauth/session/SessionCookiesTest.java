package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.github.datasec.dwauth.session.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The session cookie's name and attributes, by how the application is served. */
class SessionCookiesTest {
    private static final Duration WEEK = Duration.ofDays(7);

    private static SessionCookies servedAt(String serverUrl, boolean forceSecure) {
        return new SessionCookies(WebOrigin.of(URI.create(serverUrl)), forceSecure, WEEK);
    }

    @Test
    void onHttpsIsHostPrefixedSecureHttpOnlyAndLax() {
        final String header = servedAt("https://app.example.com", false)
                .setSession(request("GET", "https://app.example.com/callback"), "reference");

        assertThat(header).isEqualTo("__Host-dwauth_session=reference; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax; Secure");
    }

    @Test
    void onPlainHttpIsHttpOnlyAndLaxButNotSecure() {
        final String header = servedAt("http://localhost:8585", false)
                .setSession(request("GET", "http://localhost:8585/callback"), "reference");

        assertThat(header).isEqualTo("dwauth_session=reference; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax");
    }

    @Test
    void isSecureBehindATlsProxyWhenForced() {
        final String header = servedAt("http://app.internal:8585", true)
                .setSession(request("GET", "http://app.internal:8585/callback"), "reference");

        assertThat(header).startsWith("dwauth_session=reference;").endsWith("; Secure");
    }

    @Test
    void getsThePrefixWhenTheRequestItselfIsHttps() {
        assertThat(servedAt("http://localhost:8585", false).setSession(request("GET", "https://localhost:8585/callback"), "r"))
                .startsWith("__Host-dwauth_session=r;").endsWith("; Secure");
    }

    @Test
    void readsOnlyThePrefixedCookieOnHttps() {
        final SessionCookies cookies = servedAt("https://app.example.com", false);

        assertThat(cookies.session(request("GET", "https://app.example.com/", "Cookie", "dwauth_session=planted"))).isEmpty();
        assertThat(cookies.session(request("GET", "https://app.example.com/", "Cookie", "__Host-dwauth_session=real")))
                .contains("real");
    }

    @Test
    void clearsWithAnExpiredEmptyCookie() {
        assertThat(servedAt("http://localhost:8585", false).clearSession(request("GET", "http://localhost:8585/")))
                .isEqualTo("dwauth_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }
}
