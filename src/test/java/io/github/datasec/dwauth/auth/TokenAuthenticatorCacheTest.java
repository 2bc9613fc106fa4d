package io.github.datasec.dwauth.auth;

import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.auth.PrincipalCacheTest.ManualTime;
import io.github.datasec.dwauth.auth.PrincipalCacheTest.Moving;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.TokenCacheConfiguration;
import io.github.datasec.dwauth.jwks.CachedKeySet;
import io.github.datasec.dwauth.jwks.JerseySimpleGet;
import io.github.datasec.dwauth.jwks.JwksClients;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.client.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache inside the whole chain as {@link OidcAuthentication#create} wires it, against an in-process issuer over
 * HTTP. Verifications are counted at the key lookup, which every verification that gets as far as the key must ask,
 * so "cached" and "verified again" are observed directly, not inferred from the cache's own metrics.
 */
class TokenAuthenticatorCacheTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private final MetricRegistry metrics = new MetricRegistry();
    private final ManualTime time = new ManualTime(Instant.now());
    /** One entry per key lookup: the verifier looks a token's key up exactly once per verification. */
    private final List<String> verifications = new CopyOnWriteArrayList<>();
    private Client client;
    /** Run once, right after the next key lookup: the point where a verification has its key and is still running. */
    private final AtomicReference<Runnable> afterKeyLookup = new AtomicReference<>();

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void verifiesAValidTokenOnceAndAnswersLaterRequestsFromTheCache() throws Exception {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration()).authenticator();
        final String token = ISSUER.token().username("alice").sign();

        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.authenticateOrReject(token).name()).isEqualTo("alice");
        }

        assertThat(verifications).hasSize(1);
        assertThat(meter("token-cache", "hits")).isEqualTo(4);
        assertThat(meter("token-cache", "misses")).isEqualTo(1);
        assertThat(meter("accepted")).isEqualTo(5);
    }

    @Test
    void verifiesATokenWithABadSignatureAgainEveryTime() {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration()).authenticator();
        // The header and payload of one token with the signature of another: well-formed, signed by a known key, forged.
        final String valid = ISSUER.token().sign();
        final String other = ISSUER.token().username("someone-else").sign();
        final String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + other.substring(other.lastIndexOf('.') + 1);

        for (int i = 0; i < 4; i++) {
            assertRejected(authenticator, forged, RejectionReason.BAD_SIGNATURE);
        }

        assertThat(verifications).hasSize(4);
        assertThat(authenticator.cachedEntries()).isZero();
        assertThat(meter("rejected", "bad-signature")).isEqualTo(4);
    }

    @Test
    void doesNotCacheATokenWhoseSignatureIsGoodButWhichNamesNoUser() {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration()).authenticator();
        final String token = ISSUER.token().without("email").without("preferred_username").without("sub").sign();

        for (int i = 0; i < 3; i++) {
            assertRejected(authenticator, token, RejectionReason.NO_PRINCIPAL);
        }

        assertThat(verifications).hasSize(3);
        assertThat(authenticator.cachedEntries()).isZero();
    }

    @Test
    void acceptsATokenOnceItsKeysCanBeFetchedAlthoughItWasRejectedBefore() throws Exception {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration()).authenticator();
        final String token = ISSUER.token().sign();
        ISSUER.stopServing();
        assertRejected(authenticator, token, RejectionReason.KEYS_UNAVAILABLE);

        ISSUER.resumeServing();
        // Past the retry interval after a failed fetch, so that the next request fetches again.
        time.advance(Moving.BOTH, TimeUnit.SECONDS.toMillis(6));

        assertThat(authenticator.authenticateOrReject(token).name()).isEqualTo("test-user");
        assertThat(verifications).hasSize(2);
    }

    @Test
    void verifiesAgainFromTheTokensExpOn() throws Exception {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration()).authenticator();
        // Whole seconds, as in exp; jose4j checks exp against the real clock, which stays well before it.
        final long exp = Instant.now().plusSeconds(120).getEpochSecond();
        final String token = ISSUER.token().expiresAt(Instant.ofEpochSecond(exp)).sign();
        authenticator.authenticateOrReject(token);

        time.advance(Moving.BOTH, TimeUnit.SECONDS.toMillis(exp) - time.clock().millis() - 1);
        authenticator.authenticateOrReject(token);
        assertThat(verifications).hasSize(1);

        time.advance(Moving.BOTH, 1);
        authenticator.authenticateOrReject(token);
        authenticator.authenticateOrReject(token);
        assertThat(verifications).hasSize(3);
        // Reads honour exp to the millisecond; eviction runs on Caffeine's timer wheel, whose buckets
        // span about a second, so the expired entry is only counted out once the wheel has moved on.
        time.advance(Moving.BOTH, TimeUnit.SECONDS.toMillis(2));
        assertThat(authenticator.cachedEntries()).isZero();
    }

    @Test
    void keepsEveryTokenApartEvenForTheSameUser() throws Exception {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration()).authenticator();
        final String first = ISSUER.token().username("alice").sign();
        final String second = ISSUER.token().username("alice").sign();

        authenticator.authenticateOrReject(first);
        authenticator.authenticateOrReject(second);
        authenticator.authenticateOrReject(first);
        authenticator.authenticateOrReject(second);

        assertThat(verifications).hasSize(2);
        assertThat(authenticator.cachedEntries()).isEqualTo(2);
    }

    @Test
    void staysWithinMaxEntries() throws Exception {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration().setMaxEntries(2)).authenticator();
        for (int i = 0; i < 6; i++) {
            authenticator.authenticateOrReject(ISSUER.token().username("user-" + i).sign());
        }

        assertThat(authenticator.cachedEntries()).isEqualTo(2);
        assertThat(meter("token-cache", "evictions")).isEqualTo(4);
    }

    @Test
    void verifiesEveryRequestWhenTheCacheIsDisabled() throws Exception {
        final TokenAuthenticator authenticator = bundleChain(new TokenCacheConfiguration().setEnabled(false)).authenticator();
        final String token = ISSUER.token().username("alice").sign();

        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticateOrReject(token).name()).isEqualTo("alice");
        }

        assertThat(verifications).hasSize(3);
        assertThat(authenticator.cachedEntries()).isZero();
    }

    @Test
    void aDisabledCacheInTheConfigurationIsNotBuiltAtAll() throws Exception {
        final OidcAuthentication auth = bundleChain(new TokenCacheConfiguration().setEnabled(false));
        final String token = ISSUER.token().username("alice").sign();

        for (int i = 0; i < 3; i++) {
            assertThat(auth.authenticator().authenticateOrReject(token).name()).isEqualTo("alice");
        }

        assertThat(metrics.getMeters().keySet()).noneMatch(name -> name.contains("token-cache"));
        assertThat(meter("accepted")).isEqualTo(3);
    }

    /** A key leaving the key set is noticed either by the scheduled refresh or by a token with a new kid. */
    @ParameterizedTest
    @ValueSource(strings = {"scheduled refresh", "token with a new kid"})
    void dropsCachedTokensOfAKeyThatLeftTheKeySet(String howTheRemovalIsNoticed) throws Exception {
        final OidcAuthentication auth = bundleChain(new TokenCacheConfiguration());
        final TokenAuthenticator authenticator = auth.authenticator();
        final String oldKid = ISSUER.currentKey().getKeyId();
        final String signedByOldKey = ISSUER.token().username("alice").sign();
        assertThat(authenticator.authenticateOrReject(signedByOldKey).name()).isEqualTo("alice");

        ISSUER.rotateKey();
        ISSUER.retireKey(oldKid);
        final String signedByNewKey = ISSUER.token().username("bob").sign();
        if (howTheRemovalIsNoticed.equals("scheduled refresh")) {
            time.advance(Moving.BOTH, TimeUnit.MINUTES.toMillis(1));
            auth.refreshDueKeySets();
            assertThat(authenticator.cachedEntries()).isZero();
        }
        assertThat(authenticator.authenticateOrReject(signedByNewKey).name()).isEqualTo("bob");

        assertThat(authenticator.cachedEntries()).isEqualTo(1);
        assertRejected(authenticator, signedByOldKey, RejectionReason.UNKNOWN_KEY);
        // The other key's entry survived: this is a hit, not a verification.
        final long hitsBefore = meter("token-cache", "hits");
        assertThat(authenticator.authenticateOrReject(signedByNewKey).name()).isEqualTo("bob");
        assertThat(meter("token-cache", "hits")).isEqualTo(hitsBefore + 1);
    }

    /**
     * The interleaving of a verification with a key retirement, made deterministic by a hook in the
     * key lookup: the verification has its key, then the key leaves the key set and the refresh evicts
     * the key's entries, then the verification finishes. This request still gets its caller: its
     * signature was checked with a key that was published when the request began, as it would have
     * been a moment earlier. But its entry must not land in the cache after the eviction, or the
     * retired key would keep admitting the token for the cache's lifetime.
     */
    @Test
    void doesNotCacheATokenWhoseKeyWasRetiredWhileItWasBeingVerified() throws Exception {
        final OidcAuthentication auth = bundleChain(new TokenCacheConfiguration());
        final TokenAuthenticator authenticator = auth.authenticator();
        final CachedKeySet keySet = auth.keySets().get(0);
        final String oldKid = ISSUER.currentKey().getKeyId();
        final String signedByOldKey = ISSUER.token().username("alice").sign();
        final String cachedBeforeTheRetirement = ISSUER.token().username("carol").sign();
        assertThat(authenticator.authenticateOrReject(cachedBeforeTheRetirement).name()).isEqualTo("carol");
        assertThat(authenticator.cachedEntries()).isEqualTo(1);

        afterKeyLookup.set(() -> {
            ISSUER.rotateKey();
            ISSUER.retireKey(oldKid);
            time.advance(Moving.BOTH, TimeUnit.MINUTES.toMillis(1));
            keySet.refreshIfDue();
            assertThat(keySet.cachedKeys().containsKid(oldKid)).as("the refresh has retired the key").isFalse();
        });
        assertThat(authenticator.authenticateOrReject(signedByOldKey).name()).isEqualTo("alice");

        assertThat(authenticator.cachedEntries()).isZero();
        assertRejected(authenticator, signedByOldKey, RejectionReason.UNKNOWN_KEY);
        assertRejected(authenticator, cachedBeforeTheRetirement, RejectionReason.UNKNOWN_KEY);
    }

    private static void assertRejected(TokenAuthenticator authenticator, String token, RejectionReason reason) {
        assertThatThrownBy(() -> authenticator.authenticateOrReject(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private long meter(String... name) {
        return metrics.meter(MetricRegistry.name(AuthMetrics.PREFIX, name)).getCount();
    }

    private AuthenticationConfiguration config(TokenCacheConfiguration cache) {
        final AuthenticationConfiguration config = new AuthenticationConfiguration()
                .setAuthority(ISSUER.issuer())
                .setClientId(ISSUER.clientId())
                .setPublicKeyUrls(List.of(ISSUER.jwksUrl()))
                .setTokenCache(cache);
        client = JwksClients.create(config.getJwks());
        return config;
    }

    private JerseySimpleGet http(AuthenticationConfiguration config) {
        return new JerseySimpleGet(client, config.getJwks().getMaxResponseSize().toBytes());
    }

    /** The chain exactly as the bundle wires it, on the test's clock and cache time, counting key lookups. */
    private OidcAuthentication bundleChain(TokenCacheConfiguration cache) {
        final AuthenticationConfiguration config = config(cache);
        return OidcAuthentication.create(config, IssuerAuthentication.issuerDomainAuthorizer(), http(config), metrics, time.clock(),
                time.ticker(), lookup -> (kid, alg) -> {
                    verifications.add(String.valueOf(kid));
                    final PublicKey key = lookup.keyFor(kid, alg);
                    final Runnable hook = afterKeyLookup.getAndSet(null);
                    if (hook != null) {
                        hook.run();
                    }
                    return key;
                }, null);
    }
}
