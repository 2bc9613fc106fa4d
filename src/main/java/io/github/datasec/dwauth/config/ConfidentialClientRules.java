package io.github.datasec.dwauth.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The rules of {@code clientType: confidential}: every {@code oidcConfiguration} field the server's
 * code flow needs, and a Redis address when sessions are shared. Checked only in that mode, so a
 * public configuration with a half-filled {@code oidcConfiguration} copied from OpenMetadata still loads.
 */
final class ConfidentialClientRules {
    static final Set<String> CLIENT_AUTHENTICATION_METHODS = Set.of("client_secret_basic", "client_secret_post");
    private static final long MAX_CLOCK_SKEW_SECONDS = 300;
    private static final long MAX_SESSION_EXPIRY_SECONDS = 366L * 24 * 3600;

    private ConfidentialClientRules() {
    }

    static void check(AuthenticationConfiguration config, List<ConfigurationProblem> problems) {
        checkSessionStore(config.getSessions(), problems);
        if (config.getClientType() != ClientType.CONFIDENTIAL) {
            return;
        }
        final OidcClientConfiguration oidc = config.getOidcConfiguration();
        if (oidc.getId() == null || oidc.getId().isBlank()) {
            problems.add(new ConfigurationProblem("oidcConfiguration.id", "must name the confidential client (OIDC_CLIENT_ID)"));
        }
        if (!CLIENT_AUTHENTICATION_METHODS.contains(oidc.getClientAuthenticationMethod())) {
            problems.add(new ConfigurationProblem("oidcConfiguration.clientAuthenticationMethod", "'"
                    + oidc.getClientAuthenticationMethod() + "' is not supported; use client_secret_basic or client_secret_post"));
        } else if (oidc.getSecret() == null || oidc.getSecret().isBlank()) {
            problems.add(new ConfigurationProblem("oidcConfiguration.secret",
                    "must be set for " + oidc.getClientAuthenticationMethod() + " (OIDC_CLIENT_SECRET)"));
        }
        final boolean insecureAllowed = ConfigurationRules.insecureHttpAllowed(config);
        requireHttpUrl("oidcConfiguration.discoveryUri", oidc.getDiscoveryUri(), insecureAllowed, problems);
        // The session cookie is set on this origin; over plain http it can be read on the path.
        final URI server = requireHttpUrl("oidcConfiguration.serverUrl", oidc.getServerUrl(), insecureAllowed, problems);
        // On the server's origin (checked below), so the server's own rule covers it.
        final URI callback = requireHttpUrl("oidcConfiguration.callbackUrl", oidc.getCallbackUrl(), true, problems);
        if (server != null && !(server.getRawPath() == null || server.getRawPath().isEmpty() || server.getRawPath().equals("/"))) {
            problems.add(new ConfigurationProblem("oidcConfiguration.serverUrl",
                    "must be this application's origin only, e.g. https://app.example.com (no path)"));
        }
        if (callback != null && (callback.getRawQuery() != null || callback.getRawFragment() != null)) {
            problems.add(new ConfigurationProblem("oidcConfiguration.callbackUrl", "must have no query or fragment"));
        }
        if (server != null && callback != null && !WebOrigin.of(server).equals(WebOrigin.of(callback))) {
            problems.add(new ConfigurationProblem("oidcConfiguration.callbackUrl",
                    "must be on the origin of oidcConfiguration.serverUrl, where the session cookie is set"));
        }
        if (oidc.getScope() == null || !Arrays.asList(oidc.getScope().trim().split("\\s+")).contains("openid")) {
            problems.add(new ConfigurationProblem("oidcConfiguration.scope", "must contain openid"));
        }
        if (!"code".equals(oidc.getResponseType())) {
            problems.add(new ConfigurationProblem("oidcConfiguration.responseType",
                    "must be code: the confidential client runs the authorization code flow"));
        }
        requireSeconds("oidcConfiguration.sessionExpiry", oidc.getSessionExpiry(), 60, MAX_SESSION_EXPIRY_SECONDS, false, problems);
        requireSeconds("oidcConfiguration.maxAge", oidc.getMaxAge(), 0, MAX_SESSION_EXPIRY_SECONDS, false, problems);
        requireSeconds("oidcConfiguration.maxClockSkew", oidc.getMaxClockSkew(), 0, MAX_CLOCK_SKEW_SECONDS, true, problems);
    }

    private static void checkSessionStore(SessionConfiguration sessions, List<ConfigurationProblem> problems) {
        if (sessions == null || sessions.getStore() != SessionStoreType.REDIS) {
            return;
        }
        final String uri = sessions.getRedisUri() == null ? "" : sessions.getRedisUri().trim();
        if (uri.isEmpty()) {
            problems.add(new ConfigurationProblem("sessions.redisUri",
                    "must be set when sessions.store is redis (AUTHENTICATION_SESSION_REDIS_URI), e.g. redis://127.0.0.1:6379"));
            return;
        }
        try {
            final URI parsed = new URI(uri);
            if (!Set.of("redis", "rediss").contains(String.valueOf(parsed.getScheme())) || parsed.getHost() == null) {
                problems.add(new ConfigurationProblem("sessions.redisUri", "must look like redis://host:port or rediss://host:port"));
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(new ConfigurationProblem("sessions.redisUri", "is not a URI; use redis://host:port or rediss://host:port"));
        }
    }

    private static URI requireHttpUrl(String field, String value, boolean insecureAllowed, List<ConfigurationProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new ConfigurationProblem(field, "must be set in confidential mode"));
            return null;
        }
        final URI uri = ConfigurationRules.httpUri(value);
        if (uri == null) {
            problems.add(new ConfigurationProblem(field, "is not an absolute http(s) URL: '" + value + "'"));
        } else {
            ConfigurationRules.requireTls(field, uri, insecureAllowed, problems);
        }
        return uri;
    }

    private static void requireSeconds(String field, String value, long min, long max, boolean emptyAllowed,
                                       List<ConfigurationProblem> problems) {
        if (emptyAllowed && (value == null || value.isBlank())) {
            return;
        }
        try {
            final long seconds = Long.parseLong(value == null ? "" : value.trim());
            if (seconds < min || seconds > max) {
                problems.add(new ConfigurationProblem(field, "must be between " + min + " and " + max + " seconds"));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigurationProblem(field, "must be a whole number of seconds, got '" + value + "'"));
        }
    }
}
