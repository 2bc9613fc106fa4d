package io.github.datasec.dwauth.support;

import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.auth.OidcAuthentication;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.dpop.ReplayCache;
import io.github.datasec.dwauth.jwks.JerseySimpleGet;
import io.github.datasec.dwauth.jwks.JwksClients;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.client.Client;
import org.jose4j.http.SimpleGet;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The bundle's verification chain, built the way {@code OidcAuthBundle} builds it (jersey client
 * with timeouts and no redirects, size-capped GET), pointed at an {@link InProcessIssuer}.
 * Without a server around it, so a test can call the authenticator, the filter or a key set directly.
 */
public final class IssuerAuthentication implements AutoCloseable {
    /** The domain of the in-process issuer's addresses, so that its users are named by their local part. */
    public static final String ISSUER_EMAIL_DOMAIN = "example.com";

    private final AuthenticationConfiguration config;
    private final MetricRegistry metrics = new MetricRegistry();
    private final Client client;
    private final OidcAuthentication authentication;

    private IssuerAuthentication(AuthenticationConfiguration config, AuthorizerConfiguration authorizer, Client client,
                                 SimpleGet http, Clock clock) {
        this(config, authorizer, client, http, clock, null);
    }

    private IssuerAuthentication(AuthenticationConfiguration config, AuthorizerConfiguration authorizer, Client client,
                                 SimpleGet http, Clock clock, ReplayCache replays) {
        this.config = config;
        this.client = client;
        this.authentication = OidcAuthentication.create(config, authorizer, http, metrics, clock, replays);
    }

    public static IssuerAuthentication against(InProcessIssuer issuer) {
        return against(issuer, config -> { }, Clock.systemUTC());
    }

    public static IssuerAuthentication against(InProcessIssuer issuer, Consumer<AuthenticationConfiguration> tweaks) {
        return against(issuer, tweaks, Clock.systemUTC());
    }

    public static IssuerAuthentication against(InProcessIssuer issuer, Consumer<AuthenticationConfiguration> tweaks, Clock clock) {
        return against(issuer, tweaks, issuerDomainAuthorizer(), clock);
    }

    /** With an authorizer block of the test's own, e.g. to name admin principals. */
    public static IssuerAuthentication against(InProcessIssuer issuer, AuthorizerConfiguration authorizer) {
        return against(issuer, config -> { }, authorizer, Clock.systemUTC());
    }

    private static IssuerAuthentication against(InProcessIssuer issuer, Consumer<AuthenticationConfiguration> tweaks,
                                                AuthorizerConfiguration authorizer, Clock clock) {
        return against(issuer, tweaks, authorizer, clock, null);
    }

    private static IssuerAuthentication against(InProcessIssuer issuer, Consumer<AuthenticationConfiguration> tweaks,
                                                AuthorizerConfiguration authorizer, Clock clock, ReplayCache replays) {
        final AuthenticationConfiguration config = configFor(issuer);
        tweaks.accept(config);
        final Client client = JwksClients.create(config.getJwks());
        return new IssuerAuthentication(config, authorizer, client,
                new JerseySimpleGet(client, config.getJwks().getMaxResponseSize().toBytes()), clock, replays);
    }

    /** With DPoP proof ids remembered in {@code replays} instead of the instance's own cache. */
    public static IssuerAuthentication against(InProcessIssuer issuer, Consumer<AuthenticationConfiguration> tweaks,
                                               Clock clock, ReplayCache replays) {
        return against(issuer, tweaks, new AuthorizerConfiguration(), clock, replays);
    }

    /**
     * The chain with key sets fetched through {@code http} instead of the network: tokens still come
     * from {@code issuer} (its {@code iss} is the authority), keys from whatever URLs the tweaks name.
     */
    public static IssuerAuthentication withKeysFrom(SimpleGet http, InProcessIssuer issuer,
                                                    Consumer<AuthenticationConfiguration> tweaks, Clock clock) {
        final AuthenticationConfiguration config = configFor(issuer);
        tweaks.accept(config);
        return new IssuerAuthentication(config, issuerDomainAuthorizer(), null, http, clock);
    }

    /** An authorizer block whose principal domain is the in-process issuer's. */
    public static AuthorizerConfiguration issuerDomainAuthorizer() {
        return new AuthorizerConfiguration().setPrincipalDomain(ISSUER_EMAIL_DOMAIN);
    }

    /** What {@code InProcessIssuer#configOverrides()} sets, as a configuration object. */
    public static AuthenticationConfiguration configFor(InProcessIssuer issuer) {
        return new AuthenticationConfiguration()
                .setAuthority(issuer.issuer())
                .setClientId(issuer.clientId())
                .setPublicKeyUrls(List.of(issuer.jwksUrl()))
                .setTokenValidationAlgorithm(issuer.algorithm());
    }

    public OidcAuthentication authentication() {
        return authentication;
    }

    public AuthenticationConfiguration config() {
        return config;
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    public long meterCount(String name) {
        return metrics.meter(name).getCount();
    }

    /** The principal of a token that must be accepted. */
    public OidcPrincipal accept(String token) throws TokenRejectedException {
        return authentication.authenticator().authenticateOrReject(token);
    }

    /** Why a token that must be refused was refused; fails the test if it was accepted. */
    public RejectionReason rejectionOf(String token) {
        final TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class,
                () -> authentication.authenticator().authenticateOrReject(token));
        assertThat(rejected).as("the token must be refused").isNotNull();
        return rejected.reason();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
