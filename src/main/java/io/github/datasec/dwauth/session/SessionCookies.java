package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;

import java.time.Duration;
import java.util.Optional;

/**
 * The two cookies of the confidential mode: the session cookie, holding only a random reference, and
 * the short-lived sign-in cookie that binds a login's {@code state} to the browser that started it.
 * Both are HttpOnly, {@code SameSite=Lax}, {@code Path=/}; {@code Secure} when the application is served
 * over https or {@code forceSecureSessionCookie} is set; named with the {@code __Host-} prefix on https,
 * so that no other host or path can plant or shadow them.
 */
final class SessionCookies {
    static final String SESSION = "dwauth_session";
    static final String LOGIN = "dwauth_login";
    static final String HOST_PREFIX = "__Host-";
    static final Duration LOGIN_LIFETIME = Duration.ofMinutes(10);

    private final WebOrigin server;
    private final boolean forceSecure;
    private final Duration sessionLifetime;

    SessionCookies(WebOrigin server, boolean forceSecure, Duration sessionLifetime) {
        this.server = server;
        this.forceSecure = forceSecure;
        this.sessionLifetime = sessionLifetime;
    }

    Optional<String> session(ContainerRequestContext request) {
        return value(request, name(SESSION, request));
    }

    Optional<String> login(ContainerRequestContext request) {
        return value(request, name(LOGIN, request));
    }

    boolean hasSessionCookie(ContainerRequestContext request) {
        return request.getCookies().containsKey(name(SESSION, request));
    }

    String setSession(ContainerRequestContext request, String reference) {
        return header(request, SESSION, reference, sessionLifetime.toSeconds());
    }

    String clearSession(ContainerRequestContext request) {
        return header(request, SESSION, "", 0);
    }

    String setLogin(ContainerRequestContext request, String binding) {
        return header(request, LOGIN, binding, LOGIN_LIFETIME.toSeconds());
    }

    String clearLogin(ContainerRequestContext request) {
        return header(request, LOGIN, "", 0);
    }

    private boolean https(ContainerRequestContext request) {
        return server.isHttps() || "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme());
    }

    private String name(String base, ContainerRequestContext request) {
        return https(request) ? HOST_PREFIX + base : base;
    }

    private static Optional<String> value(ContainerRequestContext request, String name) {
        final Cookie cookie = request.getCookies().get(name);
        return cookie == null || cookie.getValue() == null ? Optional.empty() : Optional.of(cookie.getValue());
    }

    private String header(ContainerRequestContext request, String base, String value, long maxAgeSeconds) {
        final StringBuilder header = new StringBuilder(name(base, request)).append('=').append(value)
                .append("; Path=/; Max-Age=").append(maxAgeSeconds).append("; HttpOnly; SameSite=Lax");
        if (https(request) || forceSecure) {
            header.append("; Secure");
        }
        return header.toString();
    }
}
