package io.github.datasec.dwauth.session;

import io.dropwizard.core.setup.Environment;
import io.github.datasec.dwauth.auth.OidcAuthentication;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.container.ContainerRequestFilter;

import java.time.Clock;

/**
 * Wires {@code clientType: confidential}: the code-flow endpoints, the callback, and the credential
 * filter that accepts the session cookie beside bearer tokens, both ending in the same authenticator.
 */
public final class ConfidentialMode {
    private ConfidentialMode() {
    }

    /**
     * Registers the endpoints and returns the filter for {@code AuthDynamicFeature}.
     *
     * @param bearer the bundle's bearer filter, used for every request that carries an Authorization header
     */
    public static ContainerRequestFilter register(AuthenticationConfiguration config, OidcAuthentication auth,
                                                  SessionStore store, Client http, ContainerRequestFilter bearer,
                                                  Environment environment, Clock clock) {
        final CodeFlowSettings settings = CodeFlowSettings.from(config);
        final ProviderClient provider = new ProviderClient(http, settings, clock);
        final Sessions sessions = new Sessions(store, provider, clock, settings);
        final SessionCookies cookies = new SessionCookies(settings.serverOrigin(), settings.forceSecureCookie(),
                settings.sessionLifetime());
        final SignIn signIn = new SignIn(settings, store, provider, new IdTokenVerifier(settings, auth.keyResolver()),
                auth.authenticator(), sessions, cookies, clock);
        environment.jersey().register(new CodeFlowResource(signIn, sessions, cookies, provider,
                new LogoutTokenVerifier(settings, auth.keyResolver(), store), store, settings));
        environment.jersey().getResourceConfig().registerResources(CallbackResource.at(settings.callbackPath(), signIn));
        final SessionAuthFilter session = new SessionAuthFilter(sessions, cookies, new SameOriginRule(settings.serverOrigin()),
                auth.authenticator(), auth.realm());
        return new CookieOrBearerFilter(bearer, session, cookies);
    }
}
