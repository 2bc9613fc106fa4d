package io.github.datasec.dwauth.config;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example application started from config.yaml with one bad value: startup stops, and the
 * error names the field. The ranges are the ones docs/configuration.md promises.
 */
class BadConfigurationStopsStartupTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "authenticationConfiguration.callbackUrl|not a url|authenticationConfiguration.callbackUrl must be an absolute http(s) URL",
            "authenticationConfiguration.callbackUrl|ftp://host/callback|authenticationConfiguration.callbackUrl must be an absolute http(s) URL",
            "authenticationConfiguration.jwks.minCacheDuration|25 hours|authenticationConfiguration.jwks.minCacheDuration must not exceed jwks.maxCacheDuration",
            "authenticationConfiguration.jwtPrincipalClaims|''|authenticationConfiguration.jwtPrincipalClaims must list at least one claim",
            "authenticationConfiguration.jwks.connectTimeout|99ms|authenticationConfiguration.jwks.connectTimeout must be greater than or equal to 100 MILLISECONDS",
            "authenticationConfiguration.jwks.connectTimeout|61s|authenticationConfiguration.jwks.connectTimeout must be less than or equal to 60 SECONDS",
            "authenticationConfiguration.jwks.readTimeout|99ms|authenticationConfiguration.jwks.readTimeout must be greater than or equal to 100 MILLISECONDS",
            "authenticationConfiguration.jwks.readTimeout|61s|authenticationConfiguration.jwks.readTimeout must be less than or equal to 60 SECONDS",
            "authenticationConfiguration.tokenCache.maxEntries|0|authenticationConfiguration.tokenCache.maxEntries must be greater than or equal to 1",
            "authenticationConfiguration.tokenCache.maxEntries|10000001|authenticationConfiguration.tokenCache.maxEntries must be less than or equal to 10000000",
            "authenticationConfiguration.tokenValidation.maxTokenLength|255|authenticationConfiguration.tokenValidation.maxTokenLength must be greater than or equal to 256",
            "authenticationConfiguration.tokenValidation.maxTokenLength|1048577|authenticationConfiguration.tokenValidation.maxTokenLength must be less than or equal to 1048576",
            "authenticationConfiguration.tokenValidation.maxTokenLifetime|59s|authenticationConfiguration.tokenValidation.maxTokenLifetime must be greater than or equal to 1 MINUTES",
            "authenticationConfiguration.jwks.refetchCooldown|61m|authenticationConfiguration.jwks.refetchCooldown must be less than or equal to 1 HOURS",
            "authenticationConfiguration.jwks.refetchCooldown|0s|authenticationConfiguration.jwks.refetchCooldown must be greater than or equal to 1 SECONDS",
            "authenticationConfiguration.jwks.refetchCooldown|999ms|authenticationConfiguration.jwks.refetchCooldown must be greater than or equal to 1 SECONDS",
            "authenticationConfiguration.jwks.minCacheDuration|0s|authenticationConfiguration.jwks.minCacheDuration must be greater than or equal to 1 SECONDS",
            "authenticationConfiguration.jwks.retainOnError|8d|authenticationConfiguration.jwks.retainOnError must be less than or equal to 7 DAYS",
            "authenticationConfiguration.tokenValidation.maxTokenLifetime|8d|authenticationConfiguration.tokenValidation.maxTokenLifetime must be less than or equal to 7 DAYS",
            "authenticationConfiguration.authority|http://sso.example.com/realms/data-sec|authenticationConfiguration.authority uses plain http for a host other than loopback",
            "authenticationConfiguration.authority|http://127.example.com/realms/data-sec|authenticationConfiguration.authority uses plain http for a host other than loopback",
    })
    void startupStopsNamingTheField(String field, String value, String message) {
        assertThat(startupError(field, value)).contains(message);
    }

    @Test
    void startupStopsOnABlankAdminPrincipal() {
        assertThat(startupError("authorizerConfiguration.adminPrincipals", "admin-user,  "))
                .contains("authorizerConfiguration.adminPrincipals must not contain empty names");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "authenticationConfiguration.jwks.connectTimeout|100ms",
            "authenticationConfiguration.jwks.connectTimeout|60s",
            "authenticationConfiguration.jwks.readTimeout|60s",
            "authenticationConfiguration.tokenCache.maxEntries|10000000",
            "authenticationConfiguration.tokenValidation.maxTokenLength|256",
            "authenticationConfiguration.tokenValidation.maxTokenLifetime|1m",
            "authenticationConfiguration.jwks.refetchCooldown|1h",
            "authenticationConfiguration.jwks.refetchCooldown|1s",
            "authenticationConfiguration.jwks.minCacheDuration|1s",
            "authenticationConfiguration.jwks.retainOnError|7d",
            "authenticationConfiguration.tokenValidation.maxTokenLifetime|7d",
            "authenticationConfiguration.authority|https://sso.example.com/realms/data-sec",
            "authenticationConfiguration.authority|http://127.0.0.1:8081/realms/data-sec",
            "authenticationConfiguration.authority|http://[::1]:8081/realms/data-sec",
    })
    void theDocumentedBoundsThemselvesAreAccepted(String field, String value) throws Exception {
        final DropwizardTestSupport<ExampleConfiguration> app = app(ConfigOverride.config(field, value));
        try {
            app.before();
        } finally {
            app.after();
        }
        assertThat(app.getConfiguration()).isNotNull();
    }

    @Test
    void aConfigurationBuiltInCodeIsHeldToTheSameRules() {
        final AuthenticationConfiguration authentication = new AuthenticationConfiguration()
                .setPublicKeyUrls(List.of("http://localhost:8081/realms/data-sec/protocol/openid-connect/certs"))
                .setAuthority("http://localhost:8081/realms/data-sec")
                .setClientId("open-metadata")
                .setCallbackUrl("callback");
        final AuthorizerConfiguration authorizer = new AuthorizerConfiguration().setAdminPrincipals(Set.of(" "));

        assertThatThrownBy(() -> ConfigurationRules.requireValid(authentication, authorizer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authenticationConfiguration.callbackUrl must be an absolute http(s) URL")
                .hasMessageContaining("authorizerConfiguration.adminPrincipals must not contain empty names");
    }

    private static String startupError(String field, String value) {
        final DropwizardTestSupport<ExampleConfiguration> app = app(ConfigOverride.config(field, value));
        try {
            app.before();
        } catch (Exception e) {
            return e.getMessage();
        } finally {
            app.after();
        }
        throw new AssertionError("the application started with " + field + "=" + value);
    }

    private static DropwizardTestSupport<ExampleConfiguration> app(ConfigOverride override) {
        return new DropwizardTestSupport<>(ExampleApplication.class, "config.yaml",
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                override);
    }
}
