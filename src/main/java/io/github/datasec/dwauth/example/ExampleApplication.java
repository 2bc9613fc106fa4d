package io.github.datasec.dwauth.example;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.github.datasec.dwauth.OidcAuthBundle;

import java.time.Clock;

/** The example: the bundle in one line and the contract's endpoints. */
public class ExampleApplication extends Application<ExampleConfiguration> {
    private final Clock clock;

    public ExampleApplication() {
        this(Clock.systemUTC());
    }

    /** On a clock of the caller's: tests move it instead of waiting out key set cooldowns. */
    public ExampleApplication(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        new ExampleApplication().run(args);
    }

    @Override
    public String getName() {
        return "dropwizard-keycloak-example";
    }

    @Override
    public void initialize(Bootstrap<ExampleConfiguration> bootstrap) {
        // Non-strict: ${VAR:-default} falls back to its default when VAR is unset.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new OidcAuthBundle<>(
                ExampleConfiguration::getAuthenticationConfiguration, ExampleConfiguration::getAuthorizerConfiguration, clock));
    }

    @Override
    public void run(ExampleConfiguration configuration, Environment environment) {
        environment.jersey().register(new SystemResource(getName()));
        environment.jersey().register(new UserResource());
        environment.jersey().register(new AdminResource());
    }
}
