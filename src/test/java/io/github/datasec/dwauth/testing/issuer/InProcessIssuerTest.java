package io.github.datasec.dwauth.testing.issuer;

import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessIssuerTest {

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    // ---------------------------------------------------------------- minting and verifying

    @Test
    void mintedTokenVerifiesAgainstThePublishedJwks() throws Exception {
        JwtClaims claims = verifier(ISSUER).processToClaims(ISSUER.token().username("alice").sign());

        assertThat(claims.getIssuer()).isEqualTo(ISSUER.issuer());
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo("alice");
    }

    @Test
    void defaultTokenIsShapedLikeAKeycloakAccessToken() throws Exception {
        JwtClaims claims = claimsOf(ISSUER.token());

        assertThat(claims.getIssuer()).matches("http://127\\.0\\.0\\.1:\\d+/realms/test").isEqualTo(ISSUER.issuer());
        assertThat(UUID.fromString(claims.getSubject())).isNotNull();
        assertThat(claims.getClaimValue("aud")).isEqualTo("account");
        assertThat(claims.getStringClaimValue("azp")).isEqualTo(InProcessIssuer.DEFAULT_CLIENT_ID);
        assertThat(claims.getStringClaimValue("typ")).isEqualTo("Bearer");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(claims.getClaimNames()).doesNotContain("nbf");
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo("test-user");
        assertThat(claims.getStringClaimValue("email")).isEqualTo("test-user@example.com");
        assertThat(claims.getClaimValue("email_verified")).isEqualTo(true);
        assertThat(claims.getStringClaimValue("scope")).contains("openid");
        assertThat(realmRoles(claims)).contains("offline_access", "default-roles-test");
    }

    @Test
    void signedTokenNamesAlgorithmTypeAndCurrentKeyInItsHeader() throws Exception {
        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(ISSUER.token().sign());

        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
        assertThat(jws.getHeader("typ")).isEqualTo("JWT");
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(ISSUER.currentKey().getKeyId());
    }

    @Test
    void es256IssuerPublishesAnEcKeyAndSignsWithIt() throws Exception {
        try (InProcessIssuer ec = InProcessIssuer.builder().algorithm("ES256").clientId("ec-client").build()) {
            Map<String, Object> key = onlyKey(jwks(ec));
            JwtClaims claims = verifier(ec).processToClaims(ec.token().sign());

            assertThat(key).containsEntry("kty", "EC").containsEntry("crv", "P-256").containsEntry("alg", "ES256");
            assertThat(claims.getStringClaimValue("azp")).isEqualTo("ec-client");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS512", "PS256", "ES384", "ES512", "EdDSA"})
    void everySupportedAlgorithmSignsTokensItsJwksVerifies(String algorithm) throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.builder().algorithm(algorithm).build()) {
            String token = issuer.token().sign();

            assertThat(JsonWebStructure.fromCompactSerialization(token).getAlgorithmHeaderValue()).isEqualTo(algorithm);
            assertThat(onlyKey(jwks(issuer))).containsEntry("alg", algorithm);
            assertThat(verifier(issuer).processToClaims(token).getIssuer()).isEqualTo(issuer.issuer());
        }
    }

    @Test
    void unsupportedAlgorithmIsRejected() {
        assertThatThrownBy(() -> InProcessIssuer.builder().algorithm("HS256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HS256");
    }

    @Test
    void jwksPublishesOnlyPublicSigningKeys() throws Exception {
        Map<String, Object> key = onlyKey(jwks(ISSUER));

        assertThat(key).containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256")
                .containsEntry("kid", ISSUER.currentKey().getKeyId())
                .containsKeys("n", "e")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void rotatedKeyStaysPublishedUntilRetired() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            String oldKid = issuer.currentKey().getKeyId();
            String newKid = issuer.rotateKey().getKeyId();

            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(kids(jwks(issuer))).containsExactly(oldKid, newKid);

            issuer.retireKey(oldKid);

            assertThat(kids(jwks(issuer))).containsExactly(newKid);
            assertThat(issuer.publishedKeyIds()).containsExactly(newKid);
        }
    }

    @Test
    void tokenSignedAfterRotationCarriesAndVerifiesWithTheNewKey() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            String newKid = issuer.rotateKey().getKeyId();
            String token = issuer.token().sign();

            assertThat(JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue()).isEqualTo(newKid);
            assertThat(verifier(issuer).processToClaims(token).getIssuer()).isEqualTo(issuer.issuer());
        }
    }

    @Test
    void tokenSignedByRetiredKeyFailsVerification() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            PublicJsonWebKey oldKey = issuer.currentKey();
            issuer.rotateKey();
            String byOldKey = issuer.token().signedWith(oldKey, issuer.algorithm()).sign();

            assertThat(verifier(issuer).processToClaims(byOldKey).getIssuer()).isEqualTo(issuer.issuer());

            issuer.retireKey(oldKey.getKeyId());

            assertThatThrownBy(() -> verifier(issuer).processToClaims(byOldKey)).isInstanceOf(InvalidJwtException.class);
        }
    }

    @Test
    void retireOldKeysLeavesOnlyTheCurrentKey() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            issuer.rotateKey();
            String currentKid = issuer.rotateKey().getKeyId();

            issuer.retireOldKeys();

            assertThat(kids(jwks(issuer))).containsExactly(currentKid);
        }
    }

    @Test
    void currentKeyCannotBeRetired() {
        assertThatThrownBy(() -> ISSUER.retireKey(ISSUER.currentKey().getKeyId()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retiringAnUnknownKidIsRejected() {
        assertThatThrownBy(() -> ISSUER.retireKey("no-such-kid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-kid");
    }

    // ---------------------------------------------------------------- outages

    @Test
    void stoppedIssuerAnswers503UntilResumed() throws Exception {
        ISSUER.stopServing();

        assertThat(get(ISSUER.jwksUrl()).statusCode()).isEqualTo(503);
        assertThat(get(ISSUER.discoveryUrl()).statusCode()).isEqualTo(503);

        ISSUER.resumeServing();

        assertThat(get(ISSUER.jwksUrl()).statusCode()).isEqualTo(200);
        assertThat(get(ISSUER.discoveryUrl()).statusCode()).isEqualTo(200);
    }

    @Test
    void fetchCountCountsJwksRequestsIncludingRefusedOnes() throws Exception {
        ISSUER.resetFetchCount();
        get(ISSUER.jwksUrl());
        get(ISSUER.discoveryUrl());
        ISSUER.stopServing();
        get(ISSUER.jwksUrl());

        assertThat(ISSUER.fetchCount()).isEqualTo(2);

        ISSUER.resetFetchCount();

        assertThat(ISSUER.fetchCount()).isZero();
    }

    @Test
    void slowDownDelaysJwksResponseByAtLeastTheSetDuration() throws Exception {
        Duration delay = Duration.ofMillis(400);
        ISSUER.slowDown(delay);

        long started = System.nanoTime();
        HttpResponse<String> response = get(ISSUER.jwksUrl());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(delay);
    }

    @Test
    void slowJwksResponseDoesNotHoldUpDiscovery() throws Exception {
        ISSUER.slowDown(Duration.ofSeconds(2));

        CompletableFuture<HttpResponse<String>> slowJwks =
                HTTP.sendAsync(request(ISSUER.jwksUrl()), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> discovery = get(ISSUER.discoveryUrl());

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(slowJwks).isNotDone();
        assertThat(slowJwks.get().statusCode()).isEqualTo(200);
    }

    @Test
    void jwksResponseCarriesTheConfiguredCacheControl() throws Exception {
        assertThat(get(ISSUER.jwksUrl()).headers().firstValue("Cache-Control")).contains("no-cache");

        ISSUER.setCacheControl("max-age=60");

        assertThat(get(ISSUER.jwksUrl()).headers().firstValue("Cache-Control")).contains("max-age=60");

        ISSUER.setCacheControl(null);

        assertThat(get(ISSUER.jwksUrl()).headers().firstValue("Cache-Control")).isEmpty();
    }

    @Test
    void shutdownRefusesConnectionsUntilStartedAgainOnTheSamePort() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create().start()) {
            String jwksUrl = issuer.jwksUrl();

            issuer.shutdown();

            assertThatThrownBy(() -> get(jwksUrl)).isInstanceOf(IOException.class);

            issuer.start();

            assertThat(issuer.jwksUrl()).isEqualTo(jwksUrl);
            assertThat(get(jwksUrl).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void resetRestoresNormalServiceButKeepsKeys() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            String kid = issuer.currentKey().getKeyId();
            issuer.stopServing();
            issuer.setCacheControl("max-age=5");
            issuer.publishExtraJwk("{\"kty\":\"oct\",\"kid\":\"extra\",\"k\":\"AAAA\"}");
            issuer.shutdown();

            issuer.reset();

            HttpResponse<String> response = get(issuer.jwksUrl());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-cache");
            assertThat(kids(JsonUtil.parseJson(response.body()))).containsExactly(kid);
        }
    }

    // ---------------------------------------------------------------- JUnit lifecycle

    @Test
    void extensionStopsOnlyWhenTheContextThatStartedItEnds() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            ExtensionContext outerClass = context("[class:Outer]");
            ExtensionContext nestedClass = context("[class:Outer]/[nested-class:Inner]");
            ExtensionContext test = context("[class:Outer]/[nested-class:Inner]/[method:test()]");

            issuer.beforeAll(outerClass);
            issuer.beforeAll(nestedClass);
            issuer.beforeEach(test);
            issuer.afterEach(test);
            issuer.afterAll(nestedClass);

            assertThat(get(issuer.discoveryUrl()).statusCode()).isEqualTo(200);

            issuer.afterAll(outerClass);

            assertThatThrownBy(() -> get(issuer.discoveryUrl())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void extensionResetsOutageControlsAfterEachTest() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create()) {
            ExtensionContext test = context("[class:Outer]/[method:test()]");
            issuer.beforeAll(context("[class:Outer]"));
            issuer.stopServing();

            issuer.afterEach(test);

            assertThat(get(issuer.jwksUrl()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void extensionCanBeToldToKeepOutageControlsBetweenTests() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.builder().resetAfterEachTest(false).build()) {
            ExtensionContext test = context("[class:Outer]/[method:test()]");
            issuer.beforeAll(context("[class:Outer]"));
            issuer.stopServing();

            issuer.afterEach(test);

            assertThat(get(issuer.jwksUrl()).statusCode()).isEqualTo(503);
        }
    }

    // ---------------------------------------------------------------- discovery and extra keys

    @Test
    void discoveryDocumentPointsAtThisIssuer() throws Exception {
        HttpResponse<String> response = get(ISSUER.discoveryUrl());
        Map<String, Object> document = JsonUtil.parseJson(response.body());

        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(document)
                .containsEntry("issuer", ISSUER.issuer())
                .containsEntry("jwks_uri", ISSUER.jwksUrl())
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"));
        assertThat((String) document.get("authorization_endpoint")).startsWith(ISSUER.issuer() + "/");
        assertThat((String) document.get("token_endpoint")).startsWith(ISSUER.issuer() + "/");
        assertThat((String) document.get("end_session_endpoint")).startsWith(ISSUER.issuer() + "/");
    }

    @Test
    void extraJwkIsPublishedVerbatimAfterTheIssuersKeys() throws Exception {
        String hostile = "{\"kty\":\"oct\",\"kid\":\"" + ISSUER.currentKey().getKeyId() + "\",\"k\":\"c2VjcmV0\"}";

        ISSUER.publishExtraJwk(hostile);

        String body = get(ISSUER.jwksUrl()).body();
        assertThat(body).endsWith("," + hostile + "]}");
        assertThat(kids(JsonUtil.parseJson(body))).hasSize(2);
    }

    // ---------------------------------------------------------------- token builder

    @Test
    void withoutLeavesTheClaimOut() throws Exception {
        JwtClaims claims = claimsOf(ISSUER.token().without("azp").without("email"));

        assertThat(claims.getClaimNames()).doesNotContain("azp", "email").contains("preferred_username");
    }

    @Test
    void claimAddsOrReplacesAnyJsonValue() throws Exception {
        JwtClaims claims = claimsOf(ISSUER.token()
                .claim("groups", List.of("a", "b"))
                .claim("tenant", Map.of("id", 7))
                .claim("azp", "other-client")
                .claim("exp", null));

        assertThat(claims.getStringListClaimValue("groups")).containsExactly("a", "b");
        assertThat(claims.getClaimValue("tenant")).isEqualTo(Map.of("id", 7L));
        assertThat(claims.getStringClaimValue("azp")).isEqualTo("other-client");
        assertThat(claims.getClaimNames()).contains("exp");
        assertThat(claims.getClaimValue("exp")).isNull();
    }

    @Test
    void usernameAlsoSetsEmailUnlessEmailWasGiven() throws Exception {
        assertThat(claimsOf(ISSUER.token().username("bob")).getStringClaimValue("email"))
                .isEqualTo("bob@example.com");
        assertThat(claimsOf(ISSUER.token().email("boss@corp.test").username("bob")).getStringClaimValue("email"))
                .isEqualTo("boss@corp.test");
        assertThat(claimsOf(ISSUER.token().username("bob").email("boss@corp.test")).getStringClaimValue("email"))
                .isEqualTo("boss@corp.test");
        assertThat(claimsOf(ISSUER.token().without("email").username("bob")).getClaimNames()).doesNotContain("email");
    }

    @Test
    void derivingAVariantLeavesTheBaseTokenUnchanged() throws Exception {
        InProcessIssuer.TokenBuilder base = ISSUER.token().username("base");

        base.username("variant").realmRoles("admin").without("sub").header("kid", "other");

        JwtClaims claims = claimsOf(base);
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo("base");
        assertThat(claims.getClaimNames()).contains("sub");
        assertThat(realmRoles(claims)).doesNotContain("admin");
        assertThat(JsonWebStructure.fromCompactSerialization(base.sign()).getKeyIdHeaderValue())
                .isEqualTo(ISSUER.currentKey().getKeyId());
    }

    @Test
    void rolesGoWhereKeycloakPutsThem() throws Exception {
        JwtClaims claims = claimsOf(ISSUER.token().realmRoles("admin", "user").clientRoles("editor"));

        assertThat(realmRoles(claims)).containsExactly("admin", "user");
        assertThat(claims.flattenClaims()).containsEntry("resource_access.test-client.roles", List.of("editor"));
        assertThat(claims.flattenClaims()).containsKey("resource_access.account.roles");

        JwtClaims withoutClientRoles = claimsOf(ISSUER.token().clientRoles("editor").clientRoles());
        assertThat(withoutClientRoles.flattenClaims()).doesNotContainKey("resource_access.test-client.roles");
    }

    @Test
    void audienceIsAStringForOneAndAnArrayForSeveral() throws Exception {
        assertThat(claimsOf(ISSUER.token().audience("test-client")).getClaimValue("aud")).isEqualTo("test-client");
        assertThat(claimsOf(ISSUER.token().audience("account", "test-client")).getClaimValue("aud"))
                .isEqualTo(List.of("account", "test-client"));
    }

    @Test
    void timeClaimsFollowTheBuilder() throws Exception {
        Instant issued = Instant.parse("2030-01-01T00:00:00Z");
        JwtClaims claims = claimsOf(ISSUER.token()
                .issuedAt(issued)
                .notBefore(issued.plusSeconds(10))
                .expiresAt(issued.plusSeconds(60)));

        assertThat(claims.getIssuedAt().getValue()).isEqualTo(issued.getEpochSecond());
        assertThat(claims.getNotBefore().getValue()).isEqualTo(issued.getEpochSecond() + 10);
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(issued.getEpochSecond() + 60);

        long before = Instant.now().getEpochSecond();
        long expiry = claimsOf(ISSUER.token().expiresIn(Duration.ofHours(1))).getExpirationTime().getValue();
        assertThat(expiry).isBetween(before + 3600, Instant.now().getEpochSecond() + 3600);
    }

    @Test
    void expiredTokenFailsVerification() {
        String token = ISSUER.token().expiresIn(Duration.ofMinutes(-10)).sign();

        assertThatThrownBy(() -> verifier(ISSUER).processToClaims(token))
                .isInstanceOfSatisfying(InvalidJwtException.class,
                        e -> assertThat(e.hasExpired()).isTrue());
    }

    @Test
    void keyIdChangesOnlyTheKidHeader() throws Exception {
        String token = ISSUER.token().keyId("unknown-kid").sign();
        JsonWebSignature jws = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(token);
        jws.setKey(ISSUER.currentKey().getPublicKey());

        assertThat(jws.getKeyIdHeaderValue()).isEqualTo("unknown-kid");
        assertThat(jws.verifySignature()).isTrue();
        assertThatThrownBy(() -> verifier(ISSUER).processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void headerAddsOrRemovesJoseHeaders() throws Exception {
        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(
                ISSUER.token().header("jku", "http://attacker.test/jwks").header("typ", null).sign());

        assertThat(jws.getHeader("jku")).isEqualTo("http://attacker.test/jwks");
        assertThat(jws.getHeader("typ")).isNull();
    }

    @Test
    void algHeaderCanOnlyComeFromTheSigningAlgorithm() {
        assertThatThrownBy(() -> ISSUER.token().header("alg", "none")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenSignedByAForeignKeyFailsVerificationEvenUnderTheIssuersKid() throws Exception {
        PublicJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
        String token = ISSUER.token().signedWith(foreign, "RS256").keyId(ISSUER.currentKey().getKeyId()).sign();

        assertThatThrownBy(() -> verifier(ISSUER).processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void noneAlgorithmYieldsAnUnsignedToken() throws Exception {
        String token = ISSUER.token().signedWith(null, "none").sign();

        assertThat(token).endsWith(".");
        assertThat(JsonWebStructure.fromCompactSerialization(token).getAlgorithmHeaderValue()).isEqualTo("none");
        assertThatThrownBy(() -> verifier(ISSUER).processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void signedWithNeedsAKeyForARealAlgorithm() {
        assertThatThrownBy(() -> ISSUER.token().signedWith(null, "RS256")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- configuration hand-off

    @Test
    void authenticationPropertiesPointTheBundleAtThisIssuer() {
        assertThat(ISSUER.authenticationProperties()).containsExactly(
                Map.entry("provider", "custom-oidc"),
                Map.entry("authority", ISSUER.issuer()),
                Map.entry("clientId", "test-client"),
                Map.entry("publicKeyUrls", ISSUER.jwksUrl()),
                Map.entry("tokenValidationAlgorithm", "RS256"));
    }

    @Test
    void configOverridesSetTheAuthenticationConfigurationProperties() {
        ConfigOverride[] overrides = ISSUER.configOverrides();
        try {
            for (ConfigOverride override : overrides) {
                override.addToSystemProperties();
            }

            assertThat(System.getProperty("dw.authenticationConfiguration.provider")).isEqualTo("custom-oidc");
            assertThat(System.getProperty("dw.authenticationConfiguration.authority")).isEqualTo(ISSUER.issuer());
            assertThat(System.getProperty("dw.authenticationConfiguration.clientId")).isEqualTo("test-client");
            assertThat(System.getProperty("dw.authenticationConfiguration.publicKeyUrls")).isEqualTo(ISSUER.jwksUrl());
            assertThat(System.getProperty("dw.authenticationConfiguration.tokenValidationAlgorithm")).isEqualTo("RS256");
        } finally {
            for (ConfigOverride override : overrides) {
                override.removeFromSystemProperties();
            }
        }
    }

    // ---------------------------------------------------------------- BearerTokens

    @Test
    void bearerTokensFilterSendsTheTokenAsAuthorizationHeader() throws Exception {
        String token = ISSUER.token().sign();

        assertThat(authorizationReceived(target -> target.register(BearerTokens.of(token)).request().get()))
                .isEqualTo("Bearer " + token);
    }

    @Test
    void bearerTokensFilterReplacesAnAuthorizationHeaderAlreadySet() throws Exception {
        assertThat(authorizationReceived(target -> target.register(BearerTokens.of("abc")).request()
                .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").get()))
                .isEqualTo("Bearer abc");
    }

    @Test
    void bearerTokensNeverShowTheTokenInToString() {
        String token = ISSUER.token().sign();

        assertThat(BearerTokens.of(token).toString()).doesNotContain(token).doesNotContain(token.substring(0, 20));
    }

    @Test
    void bearerHeaderValueUsesTheBearerScheme() {
        assertThat(BearerTokens.header("abc.def.ghi")).isEqualTo("Bearer abc.def.ghi");
    }

    // ---------------------------------------------------------------- helpers

    private static JwtConsumer verifier(InProcessIssuer issuer) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setExpectedIssuer(issuer.issuer())
                .setExpectedAudience("account")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, issuer.algorithm())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(issuer.jwksUrl())))
                .build();
    }

    // Signs, then reads the claims back without judging them, so builder tests also exercise sign().
    private static JwtClaims claimsOf(InProcessIssuer.TokenBuilder token) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setSkipSignatureVerification()
                .setSkipAllValidators()
                .build()
                .processToClaims(token.sign());
    }

    @SuppressWarnings("unchecked")
    private static List<String> realmRoles(JwtClaims claims) throws Exception {
        Map<String, Object> realmAccess = claims.getClaimValue("realm_access", Map.class);
        return (List<String>) realmAccess.get("roles");
    }

    private static Map<String, Object> jwks(InProcessIssuer issuer) throws Exception {
        HttpResponse<String> response = get(issuer.jwksUrl());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonUtil.parseJson(response.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keys(Map<String, Object> jwks) {
        return (List<Map<String, Object>>) jwks.get("keys");
    }

    private static Map<String, Object> onlyKey(Map<String, Object> jwks) {
        assertThat(keys(jwks)).hasSize(1);
        return keys(jwks).get(0);
    }

    private static List<Object> kids(Map<String, Object> jwks) {
        return keys(jwks).stream().map(key -> key.get("kid")).toList();
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(request(url), HttpResponse.BodyHandlers.ofString());
    }

    private interface Call {
        Response send(WebTarget target);
    }

    // A real server on the other end, so the header is checked as it goes over the wire.
    private static String authorizationReceived(Call call) throws IOException {
        AtomicReference<String> received = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.set(exchange.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Client client = ClientBuilder.newClient();
        try (Response response = call.send(client.target("http://127.0.0.1:" + server.getAddress().getPort() + "/"))) {
            assertThat(response.getStatus()).isEqualTo(204);
        } finally {
            client.close();
            server.stop(0);
        }
        return received.get();
    }

    private static ExtensionContext context(String uniqueId) {
        return (ExtensionContext) Proxy.newProxyInstance(
                InProcessIssuerTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getUniqueId")) {
                        return uniqueId;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
