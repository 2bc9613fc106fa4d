package io.github.datasec.dwauth.guide;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The configuration of the testing guide's application: Dropwizard's, plus the bundle's two blocks. */
public class GuideConfiguration extends Configuration {
    @Valid
    @NotNull
    @JsonProperty
    private AuthenticationConfiguration authenticationConfiguration = new AuthenticationConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private AuthorizerConfiguration authorizerConfiguration = new AuthorizerConfiguration();

    public AuthenticationConfiguration getAuthenticationConfiguration() {
        return authenticationConfiguration;
    }

    public AuthorizerConfiguration getAuthorizerConfiguration() {
        return authorizerConfiguration;
    }
}
