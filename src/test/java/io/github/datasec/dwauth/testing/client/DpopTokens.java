package io.github.datasec.dwauth.testing.client;

import io.github.datasec.dwauth.testing.dpop.DpopKey;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.net.URI;
import java.util.Objects;

/**
 * A JAX-RS client filter that sends a DPoP-bound token the way RFC 9449 wants it: on every request
 * {@code Authorization: DPoP <token>} and a fresh proof for that request's method and URI.
 *
 * <pre>{@code
 * client.target(url).register(DpopTokens.of(token, key)).request().get();
 * }</pre>
 *
 * {@link #toString()} never shows the token.
 */
public final class DpopTokens implements ClientRequestFilter {
    private final String token;
    private final DpopKey key;

    private DpopTokens(String token, DpopKey key) {
        this.token = token;
        this.key = key;
    }

    public static DpopTokens of(String token, DpopKey key) {
        return new DpopTokens(Objects.requireNonNull(token, "token"), Objects.requireNonNull(key, "key"));
    }

    @Override
    public void filter(ClientRequestContext request) {
        final URI uri = request.getUri();
        final String htu = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "DPoP " + token);
        request.getHeaders().putSingle("DPoP", key.proof(request.getMethod(), htu).accessToken(token).sign());
    }

    @Override
    public String toString() {
        return "DpopTokens[token=<redacted>]";
    }
}
