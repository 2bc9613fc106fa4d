package io.github.datasec.dwauth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.github.datasec.dwauth.auth.OidcAuthentication;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.config.ClientType;
import io.github.datasec.dwauth.config.ConfigurationRules;
import io.github.datasec.dwauth.config.SessionStoreType;
import io.github.datasec.dwauth.dpop.ReplayCache;
import io.github.datasec.dwauth.dpop.SharedReplayCache;
import io.github.datasec.dwauth.health.JwksHealthCheck;
import io.github.datasec.dwauth.jwks.JerseySimpleGet;
import io.github.datasec.dwauth.jwks.JwksClients;
import io.github.datasec.dwauth.jwks.JwksMetrics;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.session.ConfidentialMode;
import io.github.datasec.dwauth.session.SessionStore;
import io.github.datasec.dwauth.session.SessionStores;
import io.github.datasec.dwauth.web.ProtectedResourceMetadataResource;
import io.github.datasec.dwauth.web.WebEndpoints;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.container.ContainerRequestFilter;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Puts Keycloak (or any OIDC provider) in front of a Dropwizard application:
 * {@code bootstrap.addBundle(new OidcAuthBundle<>(MyConfig::getAuthenticationConfiguration, MyConfig::getAuthorizerConfiguration))}.
 * Resources then use {@code @Auth OidcPrincipal}, {@code @RolesAllowed} and {@code @PermitAll}.
 */
public final class OidcAuthBundle<C extends Configuration> implements ConfiguredBundle<C> {
    private static final Logger LOG = LoggerFactory.getLogger(OidcAuthBundle.class);
    private static final long REFRESH_CHECK_SECONDS = 1;
    /** Dropwizard names the executor's metrics after this: {@code .created}, {@code .running}, {@code .terminated}. */
    private static final String REFRESHER_METRIC_NAME = JwksMetrics.PREFIX + ".refresher";
    private static final String REFRESHER_THREAD_PREFIX = "oidc-jwks-refresh-";

    private final Function<C, AuthenticationConfiguration> authentication;
    private final Function<C, AuthorizerConfiguration> authorizer;
    private final Clock clock;

    public OidcAuthBundle(Function<C, AuthenticationConfiguration> authentication,
                          Function<C, AuthorizerConfiguration> authorizer) {
        this(authentication, authorizer, Clock.systemUTC());
    }

    /** On a clock of the caller's, for tests that move time instead of waiting for cooldowns and lifetimes. */
    public OidcAuthBundle(Function<C, AuthenticationConfiguration> authentication,
                          Function<C, AuthorizerConfiguration> authorizer, Clock clock) {
        this.authentication = authentication;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    @Override
    public void run(C configuration, Environment environment) {
        final AuthenticationConfiguration authConfig = authentication.apply(configuration);
        final AuthorizerConfiguration authzConfig = authorizer.apply(configuration);
        ConfigurationRules.requireValid(authConfig, authzConfig);
        warnAboutPlainHttp(authConfig);

        final Client client = JwksClients.create(authConfig.getJwks());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                client.close();
            }
        });
        final SessionStore sessionStore = SessionStores.open(authConfig.getSessions(), clock, environment);
        final OidcAuthentication auth = OidcAuthentication.create(authConfig, authzConfig,
                new JerseySimpleGet(client, authConfig.getJwks().getMaxResponseSize().toBytes()),
                environment.metrics(), clock, dpopReplayCache(authConfig, sessionStore));

        final ScheduledExecutorService refresher = environment.lifecycle()
                .scheduledExecutorService(REFRESHER_METRIC_NAME, daemonThreads(REFRESHER_THREAD_PREFIX)).threads(1).build();
        refresher.scheduleWithFixedDelay(() -> refreshQuietly(auth), 0, REFRESH_CHECK_SECONDS, TimeUnit.SECONDS);

        final ContainerRequestFilter credentials = authConfig.getClientType() == ClientType.CONFIDENTIAL
                ? ConfidentialMode.register(authConfig, auth, sessionStore, client, auth.newFilter(), environment, clock)
                : auth.newFilter();
        environment.jersey().register(new AuthDynamicFeature(credentials));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(OidcPrincipal.class));
        environment.healthChecks().register(JwksHealthCheck.NAME, new JwksHealthCheck(auth.keySets(), clock));
        WebEndpoints.register(authConfig, environment);
        environment.jersey().register(new ProtectedResourceMetadataResource(authConfig));
    }

    /** Daemon threads, so that a refresh in flight never holds the JVM open after Dropwizard stopped. */
    private static ThreadFactory daemonThreads(String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return task -> {
            final Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Shared through Redis when the sessions live there; otherwise null, for the instance's own bounded cache. */
    private ReplayCache dpopReplayCache(AuthenticationConfiguration config, SessionStore sessionStore) {
        return config.getSessions().getStore() == SessionStoreType.REDIS
                ? new SharedReplayCache(sessionStore, clock) : null;
    }

    private static void refreshQuietly(OidcAuthentication auth) {
        try {
            auth.refreshDueKeySets();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the key sets would silently go stale.
            LOG.error("Key set refresh failed unexpectedly", e);
        }
    }

    private static void warnAboutPlainHttp(AuthenticationConfiguration config) {
        for (String url : config.getPublicKeyUrls()) {
            if (ConfigurationRules.isPlainHttpBeyondLoopback(URI.create(url.trim()))) {
                LOG.warn("SECURITY: key set {} is fetched over plain http from a non-loopback host; anyone on the path"
                        + " can substitute signing keys. Use https outside a trusted network.", url);
            }
        }
        if (ConfigurationRules.isPlainHttpBeyondLoopback(URI.create(config.getAuthority().trim()))) {
            LOG.warn("SECURITY: authority {} is reached over plain http on a non-loopback host; sign-ins, passwords"
                    + " and tokens cross the network in clear. Use https outside a trusted network.", config.getAuthority());
        }
    }
}
