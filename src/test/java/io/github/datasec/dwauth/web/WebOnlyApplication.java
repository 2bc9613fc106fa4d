package io.github.datasec.dwauth.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;

import java.io.UncheckedIOException;

/** An application that serves the web endpoints and nothing else, for tests of the web package alone. */
public class WebOnlyApplication extends Application<WebOnlyApplication.WebOnlyConfiguration> {

    @Override
    public void run(WebOnlyConfiguration configuration, Environment environment) {
        WebEndpoints.register(configuration.authenticationConfiguration, environment);
    }

    /** A configuration on free ports whose authentication block is read from JSON, as from config.yaml. */
    static WebOnlyConfiguration configuration(String authenticationJson) {
        final WebOnlyConfiguration configuration = new WebOnlyConfiguration();
        try {
            configuration.authenticationConfiguration =
                    Jackson.newObjectMapper().readValue(authenticationJson, AuthenticationConfiguration.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        final DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
        ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(0);
        ((HttpConnectorFactory) server.getAdminConnectors().get(0)).setPort(0);
        return configuration;
    }

    public static class WebOnlyConfiguration extends Configuration {
        @JsonProperty
        private AuthenticationConfiguration authenticationConfiguration = new AuthenticationConfiguration();
    }
}
