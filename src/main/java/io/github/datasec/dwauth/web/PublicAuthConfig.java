package io.github.datasec.dwauth.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.LoginPageConfiguration;

import java.util.List;

/**
 * The part of the authentication configuration that any browser may read: the fields OpenMetadata's
 * UI reads from {@code /api/v1/system/config/auth}, plus the scope and the login page's paths that
 * the bundle's own page needs, and the one signing algorithm the API accepts, which the page also
 * demands of the ID token's signature. Built field by field, so a secret can never slip in with a new field.
 */
public record PublicAuthConfig(
        @JsonProperty("provider") String provider,
        @JsonProperty("providerName") String providerName,
        @JsonProperty("clientType") String clientType,
        @JsonProperty("responseType") String responseType,
        @JsonProperty("authority") String authority,
        @JsonProperty("clientId") String clientId,
        @JsonProperty("callbackUrl") String callbackUrl,
        @JsonProperty("jwtPrincipalClaims") List<String> jwtPrincipalClaims,
        @JsonProperty("tokenValidationAlgorithm") String tokenValidationAlgorithm,
        @JsonProperty("enableSelfSignup") boolean enableSelfSignup,
        @JsonProperty("enableAutoRedirect") boolean enableAutoRedirect,
        @JsonProperty("scope") String scope,
        @JsonProperty("loginPage") LoginPagePaths loginPage) {

    public PublicAuthConfig {
        jwtPrincipalClaims = List.copyOf(jwtPrincipalClaims);
    }

    public static PublicAuthConfig from(AuthenticationConfiguration config) {
        final LoginPageConfiguration page = config.getLoginPage();
        return new PublicAuthConfig(
                config.getProvider().value(),
                config.getProviderName(),
                config.getClientType().value(),
                config.getResponseType().value(),
                config.getAuthority(),
                config.getClientId(),
                config.getCallbackUrl(),
                config.getJwtPrincipalClaims(),
                config.getTokenValidationAlgorithm(),
                config.isEnableSelfSignup(),
                config.isEnableAutoRedirect(),
                config.getOidcConfiguration().getScope(),
                new LoginPagePaths(page.isEnabled(), page.getPath(), page.getCallbackPath(), page.getSilentCallbackPath()));
    }

    /** Paths relative to the application's root, as configured under {@code loginPage}. */
    public record LoginPagePaths(
            @JsonProperty("enabled") boolean enabled,
            @JsonProperty("path") String path,
            @JsonProperty("callbackPath") String callbackPath,
            @JsonProperty("silentCallbackPath") String silentCallbackPath) {
    }
}
