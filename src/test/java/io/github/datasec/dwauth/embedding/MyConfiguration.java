package io.github.datasec.dwauth.embedding;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class MyConfiguration extends Configuration {
    @Valid @NotNull @JsonProperty
    private AuthenticationConfiguration authenticationConfiguration = new AuthenticationConfiguration();

    @Valid @NotNull @JsonProperty
    private AuthorizerConfiguration authorizerConfiguration = new AuthorizerConfiguration();

    public AuthenticationConfiguration getAuthenticationConfiguration() {
        return authenticationConfiguration;
    }

    public AuthorizerConfiguration getAuthorizerConfiguration() {
        return authorizerConfiguration;
    }
}
