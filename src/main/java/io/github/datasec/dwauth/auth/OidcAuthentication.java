package io.github.datasec.dwauth.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.config.ConfigurationRules;
import io.github.datasec.dwauth.config.DpopMode;
import io.github.datasec.dwauth.dpop.DpopMetrics;
import io.github.datasec.dwauth.dpop.DpopVerifier;
import io.github.datasec.dwauth.dpop.ReplayCache;
import io.github.datasec.dwauth.jwks.CachedKeySet;
import io.github.datasec.dwauth.jwks.JwksKeyResolver;
import io.github.datasec.dwauth.jwks.JwksMetrics;
import io.github.datasec.dwauth.jwt.KeyLookup;
import io.github.datasec.dwauth.jwt.TokenVerifier;
import io.github.datasec.dwauth.principal.PrincipalResolver;
import org.jose4j.http.SimpleGet;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The verification chain, wired once from the configuration:
 * key sets, then the verifier, then principal mapping and the cache, then the filter.
 * The bundle uses it; tests and benchmarks can build it without a running server.
 */
public final class OidcAuthentication {
    private final JwksKeyResolver keyResolver;
    private final TokenVerifier verifier;
    private final TokenAuthenticator authenticator;
    private final String realm;
    private final DpopMode dpopMode;
    private final DpopVerifier dpop;

    private OidcAuthentication(JwksKeyResolver keyResolver, TokenVerifier verifier, TokenAuthenticator authenticator, String realm,
                               DpopMode dpopMode, DpopVerifier dpop) {
        this.keyResolver = keyResolver;
        this.verifier = verifier;
        this.authenticator = authenticator;
        this.realm = realm;
        this.dpopMode = dpopMode;
        this.dpop = dpop;
    }

    public static OidcAuthentication create(AuthenticationConfiguration authentication, AuthorizerConfiguration authorizer,
                                            SimpleGet http, MetricRegistry metrics, Clock clock) {
        return create(authentication, authorizer, http, metrics, clock, null);
    }

    /** With a replay cache of DPoP proof ids shared between instances; null for this instance's own. */
    public static OidcAuthentication create(AuthenticationConfiguration authentication, AuthorizerConfiguration authorizer,
                                            SimpleGet http, MetricRegistry metrics, Clock clock, ReplayCache replays) {
        return create(authentication, authorizer, http, metrics, clock, Ticker.systemTicker(), UnaryOperator.identity(), replays);
    }

    /**
     * The same wiring with the cache's own time source given and every key lookup passed through {@code lookups}:
     * a test can then move cache time and count verifications (each one looks its key up once) on the real chain.
     */
    static OidcAuthentication create(AuthenticationConfiguration authentication, AuthorizerConfiguration authorizer,
                                     SimpleGet http, MetricRegistry metrics, Clock clock, Ticker cacheTicker,
                                     UnaryOperator<KeyLookup> lookups, ReplayCache replays) {
        ConfigurationRules.requireValid(authentication, authorizer);
        final PrincipalCache cache = authentication.getTokenCache().isEnabled()
                ? new PrincipalCache(authentication.getTokenCache(), clock, cacheTicker, metrics) : null;
        final JwksMetrics jwksMetrics = new JwksMetrics(metrics);
        final List<CachedKeySet> keySets = authentication.getPublicKeyUrls().stream()
                .map(url -> new CachedKeySet(url.trim(), http, authentication.getJwks(), clock, jwksMetrics,
                        removed -> {
                            if (cache != null) {
                                cache.invalidateKeys(removed);
                            }
                        }))
                .toList();
        final JwksKeyResolver resolver = new JwksKeyResolver(keySets);
        final PrincipalResolver principals = new PrincipalResolver(authentication, authorizer);
        final TokenVerifier verifier = new TokenVerifier(authentication, lookups.apply(resolver::resolve), principals.claimNames());
        final TokenAuthenticator authenticator = new TokenAuthenticator(verifier, principals, cache, new AuthMetrics(metrics));
        final DpopMode mode = authentication.getTokenValidation().getDpop();
        final DpopVerifier dpop = mode.offered()
                ? DpopVerifier.create(authentication, replays, new DpopMetrics(metrics), clock) : null;
        return new OidcAuthentication(resolver, verifier, authenticator, realmOf(authentication.getAuthority()), mode, dpop);
    }

    public List<CachedKeySet> keySets() {
        return keyResolver.keySets();
    }

    /** The configured key sets as a jose4j resolver, for other tokens of the same provider (ID and logout tokens). */
    public JwksKeyResolver keyResolver() {
        return keyResolver;
    }

    /** The challenge realm of this configuration's 401 answers. */
    public String realm() {
        return realm;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    public TokenAuthenticator authenticator() {
        return authenticator;
    }

    /** A new dropwizard-auth filter for {@code AuthDynamicFeature}. */
    public BearerTokenAuthFilter newFilter() {
        return new BearerTokenAuthFilter(authenticator, realm, dpopMode, dpop);
    }

    /** The DPoP checks, or null when {@code tokenValidation.dpop} is disabled. */
    public DpopVerifier dpop() {
        return dpop;
    }

    /** Fetches every key set whose refresh time has come; called periodically by the bundle. */
    public void refreshDueKeySets() {
        keyResolver.keySets().forEach(CachedKeySet::refreshIfDue);
    }

    /** The challenge realm: Keycloak's realm name when the authority is a realm URL, else the host. */
    static String realmOf(String authority) {
        final URI uri = URI.create(authority.trim());
        final String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        final String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? uri.getHost() : last;
    }
}
