package io.github.datasec.dwauth.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The comparable form of an {@code htu} (RFC 9449 section 4.3, step 9, by RFC 3986 sections 6.2.2
 * and 6.2.3): scheme and host in lower case, the default port left out, an empty path as "/",
 * dot segments removed, percent-encoding in upper case with unreserved characters decoded.
 * Query and fragment are kept, so a proof whose htu carries them matches no request.
 */
final class TargetUri {
    private static final String UNRESERVED_PUNCTUATION = "-._~";

    private TargetUri() {
    }

    /** The normalised URI, or null when the value is no absolute http(s) URI with a host. */
    static String normalise(String value) {
        final URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null
                || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return null;
        }
        final int port = uri.getPort() == defaultPort(scheme) ? -1 : uri.getPort();
        final String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        final String path = percentEncoding(URI.create(rawPath).normalize().getRawPath());
        final StringBuilder normal = new StringBuilder(value.length())
                .append(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
        if (port != -1) {
            normal.append(':').append(port);
        }
        normal.append(path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            normal.append('?').append(percentEncoding(uri.getRawQuery()));
        }
        if (uri.getRawFragment() != null) {
            normal.append('#').append(percentEncoding(uri.getRawFragment()));
        }
        return normal.toString();
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static String percentEncoding(String raw) {
        final StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                final char decoded = (char) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if (isUnreserved(decoded)) {
                    out.append(decoded);
                } else {
                    out.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || UNRESERVED_PUNCTUATION.indexOf(c) >= 0;
    }
}
