package io.github.datasec.dwauth.bench;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.auth.OidcAuthentication;
import io.github.datasec.dwauth.auth.TokenAuthenticator;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.config.CryptoProvider;
import io.github.datasec.dwauth.config.JwksConfiguration;
import io.github.datasec.dwauth.config.TokenCacheConfiguration;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.jwt.TokenVerifier;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One RSA-2048 key, its key set served from memory, and a token shaped and sized like a Keycloak
 * access token (about 1.4 KB), set up once for every benchmark so that all of them work on the
 * same key, token and rules.
 */
public final class BenchFixture {
    static final String AUTHORITY = "http://localhost:8081/realms/data-sec";
    static final String CLIENT_ID = "open-metadata";
    static final String JWKS_URL = AUTHORITY + "/protocol/openid-connect/certs";
    static final int CLOCK_SKEW_SECONDS = 30;

    public final RsaJsonWebKey key;
    public final String token;
    /** The Authorization header a request would carry; the filter cuts the token out of it. */
    final String authorizationHeader;
    final String malformedToken;
    final String unknownKidToken;
    final JwtConsumer plainJose4j;
    public final TokenVerifier verifier;
    /** The same verifier with tokenValidation.cryptoProvider: accp. */
    final TokenVerifier accpVerifier;
    final TokenAuthenticator authenticator;
    /** The same chain with the token cache off: every call verifies and resolves the principal. */
    final TokenAuthenticator uncachedAuthenticator;
    final MetricRegistry metrics = new MetricRegistry();

    public BenchFixture() throws JoseException {
        quietLogging();
        key = newKey();
        final RsaJsonWebKey stranger = newKey();
        stranger.setKeyId("key-not-in-the-set");
        token = sign(key, claims());
        authorizationHeader = "Bearer " + token;
        // A realistic slip: one segment lost. Refused by the shape check, before any decoding.
        malformedToken = token.substring(0, token.indexOf('.')) + token.substring(token.indexOf('.') + 1);
        unknownKidToken = sign(stranger, claims());

        // The same rules as the bundle's verifier, in the way a plain jose4j integration writes them.
        plainJose4j = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKey(key.getPublicKey())
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setMaxFutureValidityInMinutes(24 * 60)
                .setExpectedIssuer(AUTHORITY)
                .setExpectedAudience(CLIENT_ID)
                .build();

        final String jwks = "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
        final AuthenticationConfiguration config = new AuthenticationConfiguration()
                .setAuthority(AUTHORITY)
                .setClientId(CLIENT_ID)
                .setPublicKeyUrls(List.of(JWKS_URL))
                // Long enough that a whole run stays inside one cooldown after the first unknown kid.
                .setJwks(new JwksConfiguration().setRefetchCooldown(Duration.hours(1)));
        final OidcAuthentication auth = OidcAuthentication.create(config,
                authorizer(),
                inMemory(jwks), metrics, Clock.systemUTC());
        verifier = auth.verifier();
        authenticator = auth.authenticator();
        final AuthenticationConfiguration accp = new AuthenticationConfiguration()
                .setAuthority(AUTHORITY)
                .setClientId(CLIENT_ID)
                .setPublicKeyUrls(List.of(JWKS_URL));
        accp.getTokenValidation().setCryptoProvider(CryptoProvider.ACCP);
        accpVerifier = OidcAuthentication.create(accp, authorizer(), inMemory(jwks), new MetricRegistry(), Clock.systemUTC()).verifier();
        uncachedAuthenticator = OidcAuthentication.create(config.setTokenCache(new TokenCacheConfiguration().setEnabled(false)),
                authorizer(),
                inMemory(jwks), new MetricRegistry(), Clock.systemUTC()).authenticator();
        checkEveryPath();
    }

    /**
     * Outside a Dropwizard application nothing configures logback, which then logs DEBUG to the
     * console, jose4j included; the benchmarks would measure that.
     */
    static void quietLogging() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    /** Fails the run rather than measure the wrong path: each benchmark's input must end as intended. */
    private void checkEveryPath() throws JoseException {
        try {
            plainJose4j.processToClaims(token);
            verifier.verify(token);
            accpVerifier.verify(token);
            if (!uncachedAuthenticator.authenticateOrReject(token).admin()) {
                throw new IllegalStateException("the fixture's token should map to an admin without the cache too");
            }
            if (!authenticator.authenticateOrReject(token).admin()) {
                throw new IllegalStateException("the fixture's token should map to an admin");
            }
        } catch (Exception e) {
            throw new IllegalStateException("the fixture's token should be accepted", e);
        }
        expectRejection(malformedToken, RejectionReason.MALFORMED);
        // The first unknown kid fetches the key set once; every later one is refused during the cooldown.
        expectRejection(unknownKidToken, RejectionReason.UNKNOWN_KEY);
        expectRejection(unknownKidToken, RejectionReason.UNKNOWN_KEY);
        if (metrics.meter("oidc-auth.jwks.unknown-kid-cooldown-rejections").getCount() != 1) {
            throw new IllegalStateException("the unknown-kid token should be refused during the refetch cooldown");
        }
    }

    private void expectRejection(String candidate, RejectionReason expected) {
        try {
            authenticator.authenticateOrReject(candidate);
        } catch (TokenRejectedException e) {
            if (e.reason() != expected) {
                throw new IllegalStateException("expected " + expected + " but got " + e.reason());
            }
            return;
        }
        throw new IllegalStateException("expected " + expected + " but the token was accepted");
    }

    /** admin-user is an admin by the name its verified email yields in the realm's principal domain. */
    static AuthorizerConfiguration authorizer() {
        return new AuthorizerConfiguration().setPrincipalDomain("data-sec.example").setAdminPrincipals(Set.of("admin-user"));
    }

    static RsaJsonWebKey newKey() throws JoseException {
        final RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
        key.setUse("sig");
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return key;
    }

    /** What Keycloak 26 puts into an access token for a user of realm data-sec with an audience mapper. */
    static JwtClaims claims() {
        final JwtClaims claims = new JwtClaims();
        final NumericDate now = NumericDate.now();
        final NumericDate exp = NumericDate.now();
        exp.addSeconds(3600);
        claims.setExpirationTime(exp);
        claims.setIssuedAt(now);
        claims.setJwtId("onrtro:" + UUID.randomUUID());
        claims.setIssuer(AUTHORITY);
        claims.setAudience(CLIENT_ID, "account");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setClaim("typ", "Bearer");
        claims.setClaim("azp", "wrk-bench");
        claims.setClaim("sid", UUID.randomUUID().toString());
        claims.setClaim("acr", "1");
        claims.setClaim("allowed-origins", List.of("http://localhost:8585"));
        claims.setClaim("realm_access", Map.of("roles",
                List.of("default-roles-data-sec", "offline_access", "admin", "uma_authorization")));
        claims.setClaim("resource_access", Map.of("account", Map.of("roles",
                List.of("manage-account", "manage-account-links", "view-profile"))));
        claims.setClaim("scope", "openid email profile");
        claims.setClaim("email_verified", true);
        claims.setClaim("name", "Admin User");
        claims.setClaim("preferred_username", "admin-user");
        claims.setClaim("given_name", "Admin");
        claims.setClaim("family_name", "User");
        claims.setClaim("email", "admin-user@data-sec.example");
        return claims;
    }

    static String sign(RsaJsonWebKey signer, JwtClaims claims) throws JoseException {
        final JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        return jws.getCompactSerialization();
    }

    static SimpleGet inMemory(String body) {
        final SimpleResponse response = new SimpleResponse() {
            @Override public int getStatusCode() { return 200; }
            @Override public String getStatusMessage() { return "OK"; }
            @Override public Collection<String> getHeaderNames() { return List.of("Cache-Control"); }
            @Override public List<String> getHeaderValues(String name) {
                return "Cache-Control".equalsIgnoreCase(name) ? List.of("max-age=3600") : null;
            }
            @Override public String getBody() { return body; }
        };
        return location -> response;
    }
}
