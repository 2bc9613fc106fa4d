package io.github.datasec.dwauth.dpop;

import io.github.datasec.dwauth.config.DpopConfiguration;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.net.URI;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The URI a client used to reach this application, which its proofs must name as {@code htu}:
 * the configured public base URL, else the forwarded headers when they are trusted, else the
 * request's own scheme and Host header, each followed by the request path.
 */
public final class RequestTarget {
    private static final Pattern FORWARDED_HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    private static final Pattern FORWARDED_PORT = Pattern.compile("[0-9]{1,5}");

    private final String publicBaseUrl;
    private final boolean trustForwardedHeaders;

    public RequestTarget(DpopConfiguration config) {
        final String base = config.getPublicBaseUrl() == null ? "" : config.getPublicBaseUrl().trim();
        this.publicBaseUrl = base.replaceAll("/+$", "");
        this.trustForwardedHeaders = config.isTrustForwardedHeaders();
    }

    /** The expected {@code htu}: this request's external URI without query and fragment. */
    public String htuOf(ContainerRequestContext request) {
        return originOf(request) + request.getUriInfo().getRequestUri().getRawPath();
    }

    /** Scheme, host and port (and path prefix, when configured) as clients see them, without a trailing slash. */
    public String originOf(ContainerRequestContext request) {
        return originOf(request.getUriInfo().getRequestUri(), request::getHeaderString);
    }

    /** As {@link #originOf(ContainerRequestContext)}, from the request URI and a lookup of its headers. */
    public String originOf(URI uri, UnaryOperator<String> headers) {
        if (!publicBaseUrl.isEmpty()) {
            return publicBaseUrl;
        }
        String scheme = uri.getScheme();
        String authority = uri.getRawAuthority();
        if (trustForwardedHeaders) {
            final String proto = first(headers.apply("X-Forwarded-Proto"));
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            final String host = first(headers.apply("X-Forwarded-Host"));
            if (host != null && FORWARDED_HOST.matcher(host).matches()) {
                authority = host;
            }
            final String port = first(headers.apply("X-Forwarded-Port"));
            if (port != null && FORWARDED_PORT.matcher(port).matches() && !authority.matches(".*:[0-9]+$")) {
                authority = authority + ":" + port;
            }
        }
        return scheme + "://" + authority;
    }

    // A proxy chain appends: the first value is what the client sent to the outermost proxy.
    private static String first(String header) {
        if (header == null) {
            return null;
        }
        final int comma = header.indexOf(',');
        final String value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
    }
}
