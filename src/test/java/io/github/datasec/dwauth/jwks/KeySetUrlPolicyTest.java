package io.github.datasec.dwauth.jwks;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.ConfigurationProblem;
import io.github.datasec.dwauth.config.ConfigurationRules;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where keys may come from: https anywhere, plain http only from loopback unless the operator
 * explicitly allows it. Anyone on the path of a plain-http fetch could substitute signing keys.
 */
class KeySetUrlPolicyTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "http://keys.example.com/certs",
            "http://10.0.0.5:8080/realms/data-sec/protocol/openid-connect/certs",
            "http://127.evil.example/certs",
            "http://127.0.0.1.nip.io/certs",
            "http://localhost.evil.example/certs",
            "http://127.0.0.1@keys.example.com/certs",
            "HTTP://KEYS.EXAMPLE.COM/certs"})
    void refusesPlainHttpToAHostOtherThanLoopback(String url) {
        assertThat(problemsWith(url, false)).singleElement()
                .satisfies(problem -> assertThat(problem.field()).isEqualTo("publicKeyUrls[1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://keys.example.com/certs",
            "http://localhost:8081/realms/data-sec/protocol/openid-connect/certs",
            "http://127.0.0.1:8081/certs",
            "http://127.1.2.3/certs",
            "http://[::1]:8081/certs"})
    void acceptsHttpsAndLoopbackHttp(String url) {
        assertThat(problemsWith(url, false)).isEmpty();
    }

    @Test
    void acceptsPlainHttpToAnyHostOnlyWhenExplicitlyAllowed() {
        assertThat(problemsWith("http://keys.example.com/certs", true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/keys.json", "ftp://keys.example.com/certs", "keys.example.com/certs", "", "http://"})
    void refusesWhatIsNotAnAbsoluteHttpUrl(String url) {
        assertThat(problemsWith(url, true)).singleElement()
                .satisfies(problem -> assertThat(problem.field()).isEqualTo("publicKeyUrls[1]"));
    }

    @Test
    void theExampleApplicationRefusesToStartWithAPlainHttpKeyUrlAndNamesTheField() {
        final DropwizardTestSupport<ExampleConfiguration> app = new DropwizardTestSupport<>(ExampleApplication.class, "config.yaml",
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("authenticationConfiguration.publicKeyUrls", "http://keys.example.com/certs"));

        assertThatThrownBy(app::before).hasMessageContaining("publicKeyUrls").hasMessageContaining("plain http");
        app.after();
    }

    private static List<ConfigurationProblem> problemsWith(String url, boolean allowInsecureHttp) {
        final AuthenticationConfiguration config = new AuthenticationConfiguration()
                .setAuthority("https://sso.example.com/realms/data-sec")
                .setClientId("open-metadata")
                .setPublicKeyUrls(List.of("https://sso.example.com/realms/data-sec/protocol/openid-connect/certs", url));
        config.getJwks().setAllowInsecureHttp(allowInsecureHttp);
        return ConfigurationRules.check(config);
    }
}
