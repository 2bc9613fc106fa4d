package io.github.datasec.dwauth.session;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authorization request URL: code flow, the client, the callback, the scope, a fresh {@code state},
 * a {@code nonce} unless nonces are off, PKCE S256 unless disabled, and {@code prompt}, {@code max_age}
 * and {@code customParams} as configured. Custom parameters can add, never replace, the flow's own.
 */
final class AuthorizationRequests {
    private static final Set<String> FLOW_PARAMETERS = Set.of("response_type", "client_id", "redirect_uri", "scope",
            "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "request", "request_uri");

    private final CodeFlowSettings settings;

    AuthorizationRequests(CodeFlowSettings settings) {
        this.settings = settings;
    }

    URI build(URI authorizationEndpoint, String state, PendingLogin login) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        settings.customParams().forEach((name, value) -> {
            if (!FLOW_PARAMETERS.contains(name)) {
                parameters.put(name, value);
            }
        });
        parameters.put("response_type", "code");
        parameters.put("client_id", settings.clientId());
        parameters.put("redirect_uri", settings.callbackUrl());
        parameters.put("scope", settings.scope());
        parameters.put("state", state);
        if (!login.nonce().isEmpty()) {
            parameters.put("nonce", login.nonce());
        }
        if (!login.codeVerifier().isEmpty()) {
            parameters.put("code_challenge", RandomValues.s256Challenge(login.codeVerifier()));
            parameters.put("code_challenge_method", "S256");
        }
        if (!settings.prompt().isEmpty()) {
            parameters.put("prompt", settings.prompt());
        }
        if (settings.maxAgeSeconds() > 0) {
            parameters.put("max_age", Long.toString(settings.maxAgeSeconds()));
        }
        final String query = parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        final String base = authorizationEndpoint.toString();
        return URI.create(base + (authorizationEndpoint.getRawQuery() == null ? "?" : "&") + query);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
