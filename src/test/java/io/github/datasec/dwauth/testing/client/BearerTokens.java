package io.github.datasec.dwauth.testing.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Objects;

/**
 * A JAX-RS client filter that sends a bearer token:
 *
 * <pre>{@code
 * client.target(url).register(BearerTokens.of(token)).request().get();
 * }</pre>
 *
 * <p>It replaces any {@code Authorization} header already on the request, so the token a test
 * registered is the one the server sees. The token is sent as given, unchecked, so tests can
 * also send malformed ones. {@link #toString()} never shows it.
 */
public final class BearerTokens implements ClientRequestFilter {

    private static final String SCHEME = "Bearer ";

    private final String token;

    private BearerTokens(String token) {
        this.token = token;
    }

    /** A filter that sends {@code Authorization: Bearer <token>} on every request it is registered for. */
    public static BearerTokens of(String token) {
        return new BearerTokens(Objects.requireNonNull(token, "token"));
    }

    /** The {@code Authorization} header value for {@code token}, for clients other than JAX-RS. */
    public static String header(String token) {
        return SCHEME + Objects.requireNonNull(token, "token");
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header(token));
    }

    @Override
    public String toString() {
        return "BearerTokens[token=<redacted>]";
    }
}
