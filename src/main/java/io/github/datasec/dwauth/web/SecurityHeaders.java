package io.github.datasec.dwauth.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Locale;

/**
 * The headers that protect the login page, computed once from the configured authority.
 *
 * <p>The Content-Security-Policy differs from a generic strict policy only where the flows need it:
 * <ul>
 *   <li>{@code connect-src} adds the authority's origin: the page fetches the discovery document and,
 *       in the code flow, POSTs to the token endpoint.</li>
 *   <li>{@code frame-src} names the authority's origin for the hidden renewal iframe, and also
 *       {@code 'self'}, because that iframe is redirected back to this application's silent-callback
 *       page and browsers check every redirect of a frame's navigation against {@code frame-src}.</li>
 *   <li>{@code form-action 'none'}: the page has no forms; sign-in and sign-out are plain navigations,
 *       so nothing needs to be allowed.</li>
 *   <li>{@code img-src 'self'}: the page shows no images, so {@code data:} is not needed.</li>
 *   <li>{@code require-trusted-types-for 'script'} with {@code trusted-types 'none'}: the scripts only
 *       ever write text into the page, so every HTML-parsing sink can be switched off outright.</li>
 * </ul>
 * The silent-callback page is the only page that may be framed, and only by this application's
 * own pages ({@code frame-ancestors 'self'}).
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    static final String REFERRER_POLICY = "Referrer-Policy";
    static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";

    private final String pagePolicy;
    private final String silentCallbackPolicy;

    private SecurityHeaders(String authorityOrigin) {
        this.pagePolicy = policy(authorityOrigin, "'none'");
        this.silentCallbackPolicy = policy(authorityOrigin, "'self'");
    }

    static SecurityHeaders forAuthority(String authority) {
        return new SecurityHeaders(origin(authority));
    }

    /** The login page and the callback page: never framed, never cached (the callback URL carries tokens). */
    Response.ResponseBuilder page(Response.ResponseBuilder response) {
        return common(response, pagePolicy).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    Response.ResponseBuilder silentCallbackPage(Response.ResponseBuilder response) {
        return common(response, silentCallbackPolicy).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * Scripts and styles: revalidated on every use (cheap, thanks to the ETag) so that a new release
     * is picked up at once without versioned file names.
     */
    Response.ResponseBuilder asset(Response.ResponseBuilder response) {
        return response.header(CONTENT_TYPE_OPTIONS, "nosniff")
                .header(REFERRER_POLICY, "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    private static Response.ResponseBuilder common(Response.ResponseBuilder response, String policy) {
        return response.header(CONTENT_SECURITY_POLICY, policy)
                .header(REFERRER_POLICY, "no-referrer")
                .header(CONTENT_TYPE_OPTIONS, "nosniff");
    }

    private static String policy(String authorityOrigin, String frameAncestors) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
                + "; connect-src 'self' " + authorityOrigin
                + "; frame-src 'self' " + authorityOrigin
                + "; frame-ancestors " + frameAncestors
                + "; base-uri 'none'; object-src 'none'; form-action 'none'"
                + "; require-trusted-types-for 'script'; trusted-types 'none'";
    }

    /**
     * The serialized origin of an http(s) URL, as CSP source expressions spell it: lower-case scheme
     * and host, and the port only when it is not the scheme's default.
     */
    static String origin(String url) {
        final URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("authority is not a valid URL", e);
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("authority must be an absolute http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("authority must name a host and no user info");
        }
        final String host = uri.getHost().toLowerCase(Locale.ROOT);
        final int port = uri.getPort();
        final boolean defaultPort = port == -1
                || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
