package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.WebOrigin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The {@code redirectUri} of {@code /api/v1/auth/login}: a path on this application, or an absolute URL
 * on its own origin, reduced to path and query. Anything that a browser could read as another host
 * ({@code //evil}, {@code /\evil}, other schemes, other origins) is refused: no open redirect.
 */
final class ReturnPaths {
    static final String DEFAULT = "/";
    private static final int MAX_LENGTH = 2048;

    private final WebOrigin server;

    ReturnPaths(WebOrigin server) {
        this.server = server;
    }

    /** The path to return to; empty if the value may lead off this application. */
    Optional<String> accept(String redirectUri) {
        if (redirectUri == null || redirectUri.isEmpty()) {
            return Optional.of(DEFAULT);
        }
        if (redirectUri.length() > MAX_LENGTH || redirectUri.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
            return Optional.empty();
        }
        final URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.isAbsolute()) {
            return uri.getHost() != null && uri.getRawUserInfo() == null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && WebOrigin.of(uri).equals(server) ? Optional.of(pathAndQuery(uri)) : Optional.empty();
        }
        if (!redirectUri.startsWith("/") || redirectUri.startsWith("//") || uri.getRawAuthority() != null) {
            return Optional.empty();
        }
        return Optional.of(pathAndQuery(uri));
    }

    private static String pathAndQuery(URI uri) {
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? DEFAULT : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
