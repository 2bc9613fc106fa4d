package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.Optional;
import java.util.Set;

/**
 * The CSRF rule for cookie-authenticated requests: an unsafe method (anything but GET, HEAD, OPTIONS)
 * must prove it comes from this application's own pages. {@code Sec-Fetch-Site: same-origin} is that
 * proof where the browser sends it; otherwise the {@code Origin} header must be this application's
 * origin. A request with neither, or with any other value, is refused. Bearer requests are not
 * subject to it: no browser attaches a bearer token by itself.
 */
final class SameOriginRule {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final WebOrigin server;

    SameOriginRule(WebOrigin server) {
        this.server = server;
    }

    boolean allows(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        final String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        if (fetchSite != null) {
            return fetchSite.equals("same-origin");
        }
        final Optional<WebOrigin> origin = WebOrigin.parse(request.getHeaderString("Origin"));
        return origin.isPresent() && origin.get().equals(server);
    }
}
