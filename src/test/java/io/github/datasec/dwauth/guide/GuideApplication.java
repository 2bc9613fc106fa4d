package io.github.datasec.dwauth.guide;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.github.datasec.dwauth.OidcAuthBundle;

/** The application of docs/testing.md: what a user of the bundle writes, and nothing more. */
public class GuideApplication extends Application<GuideConfiguration> {

    @Override
    public void initialize(Bootstrap<GuideConfiguration> bootstrap) {
        bootstrap.addBundle(new OidcAuthBundle<>(
                GuideConfiguration::getAuthenticationConfiguration, GuideConfiguration::getAuthorizerConfiguration));
    }

    @Override
    public void run(GuideConfiguration configuration, Environment environment) {
        environment.jersey().register(new ReportsResource());
    }
}
