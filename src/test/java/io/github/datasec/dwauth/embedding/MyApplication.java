package io.github.datasec.dwauth.embedding;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.github.datasec.dwauth.OidcAuthBundle;

public class MyApplication extends Application<MyConfiguration> {
    @Override
    public void initialize(Bootstrap<MyConfiguration> bootstrap) {
        // ${VAR:-default} in the YAML file: the variable when set, the default otherwise.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new OidcAuthBundle<>(MyConfiguration::getAuthenticationConfiguration, MyConfiguration::getAuthorizerConfiguration));
    }

    @Override
    public void run(MyConfiguration configuration, Environment environment) {
        environment.jersey().register(new HelloResource());
    }
}
