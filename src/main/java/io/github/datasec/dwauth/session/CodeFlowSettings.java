package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.OidcClientConfiguration;
import io.github.datasec.dwauth.config.WebOrigin;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The confidential mode's settings, read once from a configuration that passed {@code ConfigurationRules}. */
record CodeFlowSettings(
        String clientId,
        String clientSecret,
        boolean secretInBasicHeader,
        String discoveryUri,
        String issuer,
        String callbackUrl,
        String callbackPath,
        WebOrigin serverOrigin,
        String homeUrl,
        String scope,
        boolean useNonce,
        boolean usePkce,
        String prompt,
        long maxAgeSeconds,
        Map<String, String> customParams,
        Duration sessionLifetime,
        Duration idleTimeout,
        int maxActiveSessionsPerUser,
        int clockSkewSeconds,
        boolean forceSecureCookie,
        boolean insecureHttpAllowed,
        String algorithm) {

    static CodeFlowSettings from(AuthenticationConfiguration config) {
        final OidcClientConfiguration oidc = config.getOidcConfiguration();
        final URI callback = URI.create(oidc.getCallbackUrl().trim());
        final String skew = oidc.getMaxClockSkew() == null ? "" : oidc.getMaxClockSkew().trim();
        return new CodeFlowSettings(
                oidc.getId().trim(),
                oidc.getSecret(),
                "client_secret_basic".equals(oidc.getClientAuthenticationMethod()),
                oidc.getDiscoveryUri().trim(),
                config.getAuthority(),
                callback.toString(),
                callback.getRawPath() == null || callback.getRawPath().isEmpty() ? "/" : callback.getRawPath(),
                WebOrigin.of(URI.create(oidc.getServerUrl().trim())),
                homeUrl(URI.create(oidc.getServerUrl().trim())),
                oidc.getScope().trim(),
                oidc.isUseNonce(),
                !oidc.isDisablePkce(),
                oidc.getPrompt() == null ? "" : oidc.getPrompt().trim(),
                Long.parseLong(oidc.getMaxAge().trim()),
                Map.copyOf(oidc.getCustomParams()),
                Duration.ofSeconds(Long.parseLong(oidc.getSessionExpiry().trim())),
                Duration.ofMillis(config.getSessions().getIdleTimeout().toMilliseconds()),
                config.getSessions().getMaxActiveSessionsPerUser(),
                skew.isEmpty() ? (int) config.getTokenValidation().getClockSkew().toSeconds() : Integer.parseInt(skew),
                config.isForceSecureSessionCookie(),
                config.getJwks().isAllowInsecureHttp(),
                config.getTokenValidationAlgorithm());
    }

    /** The application's root as the browser sees it, e.g. {@code http://localhost:8585/}: where a logout ends. */
    private static String homeUrl(URI server) {
        return server.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + server.getRawAuthority() + "/";
    }

    @Override
    public String toString() {
        return "CodeFlowSettings{clientId=" + clientId + ", serverOrigin=" + serverOrigin + '}';
    }
}
