package io.github.datasec.dwauth.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The origin of an http(s) URL (RFC 6454): scheme, host and effective port, compared case-insensitively. */
public record WebOrigin(String scheme, String host, int port) {

    public static WebOrigin of(URI uri) {
        final String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        final int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new WebOrigin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    /** The origin of an absolute http(s) URL; empty for anything else, including {@code null} and {@code "null"}. */
    public static Optional<WebOrigin> parse(String url) {
        final URI uri = url == null ? null : ConfigurationRules.httpUri(url);
        return uri == null ? Optional.empty() : Optional.of(of(uri));
    }

    public boolean isHttps() {
        return scheme.equals("https");
    }
}
