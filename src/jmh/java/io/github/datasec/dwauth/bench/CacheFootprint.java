package io.github.datasec.dwauth.bench;

import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.auth.OidcAuthentication;
import io.github.datasec.dwauth.auth.TokenAuthenticator;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.TokenCacheConfiguration;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;
import org.openjdk.jol.info.GraphLayout;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The heap the token cache retains: the authenticator's whole object graph (JOL) with the default
 * cache empty and then full of distinct benchmark-sized tokens, so that the difference is the
 * entries alone (token, key, principal, kid, Caffeine's node and its share of the tables):
 * {@code java -Djol.magicFieldOffset=true -cp target/benchmarks.jar io.github.datasec.dwauth.bench.CacheFootprint}
 * (the option lets JOL read the fields of records, which the cache's entries are).
 */
public final class CacheFootprint {
    private CacheFootprint() {
    }

    public static void main(String[] args) throws JoseException, TokenRejectedException {
        BenchFixture.quietLogging();
        final RsaJsonWebKey key = BenchFixture.newKey();
        final String jwks = "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
        final TokenCacheConfiguration defaults = new TokenCacheConfiguration();
        final int entries = Math.toIntExact(defaults.getMaxEntries());
        final AuthenticationConfiguration config = new AuthenticationConfiguration()
                .setAuthority(BenchFixture.AUTHORITY)
                .setClientId(BenchFixture.CLIENT_ID)
                .setPublicKeyUrls(List.of(BenchFixture.JWKS_URL))
                .setTokenCache(defaults);
        final TokenAuthenticator authenticator = OidcAuthentication.create(config, BenchFixture.authorizer(),
                BenchFixture.inMemory(jwks), new MetricRegistry(), Clock.systemUTC()).authenticator();
        final String[] tokens = new String[entries];
        for (int i = 0; i < entries; i++) {
            tokens[i] = BenchFixture.sign(key, BenchFixture.claims());
        }
        // The first token fetches the key set, which is then part of the empty-cache baseline.
        authenticator.authenticateOrReject(tokens[0]);
        final long oneEntry = GraphLayout.parseInstance(authenticator).totalSize();
        for (String token : tokens) {
            authenticator.authenticateOrReject(token);
        }
        final long full = GraphLayout.parseInstance(authenticator).totalSize();
        final double perEntry = (double) (full - oneEntry) / (entries - 1);
        final int tokenLength = tokens[entries - 1].length();
        System.out.printf(Locale.ROOT, "entries: %d of maxEntries %d, token length %d characters%n", entries, entries, tokenLength);
        System.out.printf(Locale.ROOT, "authenticator graph: %,d B with one entry, %,d B full%n", oneEntry, full);
        System.out.printf(Locale.ROOT, "per cached principal: %.0f B, of which the token's own bytes %d B%n", perEntry, tokenLength);
        System.out.printf(Locale.ROOT, "full default cache: %.1f MB%n", (full - oneEntry + perEntry) / 1e6);
    }
}
