package io.github.datasec.dwauth.web;

import io.dropwizard.core.setup.Environment;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.ClientType;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * Everything the bundle serves to browsers: the public auth-config endpoint, and, unless
 * {@code loginPage.enabled} is false, the login page with its callback pages and assets.
 */
public final class WebEndpoints {
    private WebEndpoints() {
    }

    /**
     * Registers the web endpoints with Jersey. All responses are computed here, once, from the
     * configuration; nothing is read from disk or the configuration per request.
     *
     * @throws IllegalArgumentException if the authority is not an http(s) URL or the login page paths
     *                                  collide with each other or with the bundle's endpoints
     */
    /** In confidential mode the server itself answers the code-flow callback; the page must not shadow it. */
    private static boolean servedByTheServer(AuthenticationConfiguration config, String path) {
        return config.getClientType() == ClientType.CONFIDENTIAL
                && path.equals(URI.create(config.getOidcConfiguration().getCallbackUrl().trim()).getRawPath());
    }

    public static void register(AuthenticationConfiguration config, Environment environment) {
        environment.jersey().register(new AuthConfigResource(PublicAuthConfig.from(config)));
        if (config.getLoginPage().isEnabled()) {
            final LoginPage page = new LoginPage(config.getLoginPage(), SecurityHeaders.forAuthority(config.getAuthority()));
            environment.jersey().getResourceConfig().registerResources(page.resources().stream()
                    .filter(resource -> !servedByTheServer(config, resource.getPath()))
                    .collect(Collectors.toUnmodifiableSet()));
        }
    }
}
