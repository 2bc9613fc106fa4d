package io.github.datasec.dwauth.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KeycloakExtensionIT {

    private static final String REALM = "data-sec";
    private static final String OTHER_REALM = "other-realm";
    private static final String DIRECT_CLIENT = "test-direct";
    private static final String SPA_CLIENT = "open-metadata";

    @RegisterExtension
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.withRealms(
            KeycloakExtension.demoRealmFile(), Path.of("src/test/resources/keycloak/realm-other.json"));

    /** Reads a token's header and claims; the tests check signatures against the JWKS themselves. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void createDirectGrantClient() {
        KEYCLOAK.admin().createPublicClient(REALM, DIRECT_CLIENT,
                ClientOptions.defaults().withDirectAccessGrants(true).withAudiences(SPA_CLIENT));
    }

    @AfterAll
    static void deleteDirectGrantClient() {
        KEYCLOAK.admin().deleteClient(REALM, DIRECT_CLIENT);
    }

    @Test
    void accessTokenCarriesTheClaimsOfTheDemoRealm() throws Exception {
        Tokens tokens = KEYCLOAK.passwordGrant(REALM, DIRECT_CLIENT, "admin-user", "admin-password");

        JwtClaims claims = UNVERIFIED.processToClaims(tokens.accessToken());
        assertThat(claims.getIssuer()).isEqualTo(KEYCLOAK.baseUrl() + "/realms/data-sec").isEqualTo(KEYCLOAK.issuer(REALM));
        assertThat(claims.getStringClaimValue("azp")).isEqualTo(DIRECT_CLIENT);
        assertThat(claims.getAudience()).contains(SPA_CLIENT);
        assertThat(claims.getStringClaimValue("typ")).isEqualTo("Bearer");
        assertThat(claims.getStringClaimValue("email")).isEqualTo("admin-user@data-sec.example");
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo("admin-user");
        assertThat(realmRoles(claims)).contains("admin").doesNotContain("data-steward");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(tokens.expiresIn()).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(300));
        assertThat(tokens.idToken()).isNotNull();
        assertThat(tokens.toString()).doesNotContain(tokens.accessToken());
    }

    @Test
    void dataStewardGetsItsRealmRole() throws Exception {
        Tokens tokens = KEYCLOAK.passwordGrant(REALM, DIRECT_CLIENT, "data-user", "data-password");

        JwtClaims claims = UNVERIFIED.processToClaims(tokens.accessToken());
        assertThat(claims.getStringClaimValue("email")).isEqualTo("data-user@data-sec.example");
        assertThat(realmRoles(claims)).contains("data-steward").doesNotContain("admin");
    }

    @Test
    void jwksPublishesTheKeyThatSignedTheToken() throws Exception {
        String token = KEYCLOAK.passwordGrant(REALM, DIRECT_CLIENT, "admin-user", "admin-password").accessToken();

        JwtContext context = UNVERIFIED.process(token);
        String kid = context.getJoseObjects().get(0).getKeyIdHeaderValue();
        assertThat(context.getJoseObjects().get(0).getAlgorithmHeaderValue()).isEqualTo("RS256");
        assertThat(kids(KEYCLOAK.jwksUrl(REALM))).contains(kid);
        assertThat(verifiedClaims(token, REALM).getSubject()).isEqualTo(context.getJwtClaims().getSubject());
    }

    @Test
    void rotatedKeyIsPublishedAndSignsNewTokens() throws Exception {
        String realm = "kit-rotation";
        KeycloakAdmin admin = KEYCLOAK.admin();
        admin.createRealm(realm);
        admin.createPublicClient(realm, "rotation-client", ClientOptions.defaults().withDirectAccessGrants(true));
        admin.createRealmRole(realm, "auditor");
        admin.createUser(realm, "rotator", "rotator-password", "rotator@kit.example", "auditor");
        String before = kidOf(KEYCLOAK.passwordGrant(realm, "rotation-client", "rotator", "rotator-password").accessToken());

        String rotated = admin.rotateRealmKey(realm);

        String after = KEYCLOAK.passwordGrant(realm, "rotation-client", "rotator", "rotator-password").accessToken();
        assertThat(rotated).isNotEqualTo(before);
        assertThat(kids(KEYCLOAK.jwksUrl(realm))).contains(before, rotated);
        assertThat(kidOf(after)).isEqualTo(rotated);
        JwtClaims claims = verifiedClaims(after, realm);
        assertThat(claims.getStringClaimValue("email")).isEqualTo("rotator@kit.example");
        assertThat(realmRoles(claims)).contains("auditor");
    }

    @Test
    void tokenOfTheOtherRealmHasItsOwnIssuer() throws Exception {
        Tokens tokens = KEYCLOAK.passwordGrant(OTHER_REALM, SPA_CLIENT, "other-user", "other-password");

        JwtClaims claims = verifiedClaims(tokens.accessToken(), OTHER_REALM);
        assertThat(claims.getIssuer()).isEqualTo(KEYCLOAK.issuer(OTHER_REALM)).isNotEqualTo(KEYCLOAK.issuer(REALM));
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo("other-user");
    }

    @Test
    void demoClientAcceptsExactlyItsRedirectUrisForTheImplicitFlow() throws Exception {
        assertThat(implicitAuthorizationRequest(SPA_CLIENT, "http://localhost:8585/callback")).isEqualTo(200);
        assertThat(implicitAuthorizationRequest(SPA_CLIENT, "http://localhost:8585/silent-callback")).isEqualTo(200);
        assertThat(implicitAuthorizationRequest(SPA_CLIENT, "http://localhost:8585/callback/elsewhere")).isEqualTo(400);
        assertThat(implicitAuthorizationRequest(SPA_CLIENT, "http://evil.example/callback")).isEqualTo(400);
    }

    @Test
    void addedRedirectUrisAndWebOriginsTakeEffect() throws Exception {
        String client = "kit-spa";
        KEYCLOAK.admin().createPublicClient(REALM, client, ClientOptions.defaults()
                .withDirectAccessGrants(true).withImplicitFlow(true)
                .withRedirectUris("http://localhost:7001/callback").withWebOrigins("http://localhost:7001"));
        assertThat(implicitAuthorizationRequest(client, "http://localhost:7002/callback")).isEqualTo(400);

        KEYCLOAK.admin().addRedirectUris(REALM, client, "http://localhost:7002/callback");
        KEYCLOAK.admin().addWebOrigins(REALM, client, "http://localhost:7002");

        assertThat(implicitAuthorizationRequest(client, "http://localhost:7001/callback")).isEqualTo(200);
        assertThat(implicitAuthorizationRequest(client, "http://localhost:7002/callback")).isEqualTo(200);
        JwtClaims claims = UNVERIFIED.processToClaims(
                KEYCLOAK.passwordGrant(REALM, client, "data-user", "data-password").accessToken());
        assertThat(claims.getStringListClaimValue("allowed-origins"))
                .containsExactlyInAnyOrder("http://localhost:7001", "http://localhost:7002");
        KEYCLOAK.admin().deleteClient(REALM, client);
    }

    @Test
    void refusedGrantThrowsWithKeycloaksAnswer() {
        assertThatThrownBy(() -> KEYCLOAK.passwordGrant(REALM, DIRECT_CLIENT, "admin-user", "wrong-password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> KEYCLOAK.passwordGrant(REALM, SPA_CLIENT, "admin-user", "admin-password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unauthorized_client");
    }

    @Test
    void deletedUserCanNoLongerLogIn() {
        KEYCLOAK.admin().createUser(REALM, "kit-leaver", "leaver-password", "kit-leaver@data-sec.example");
        assertThat(KEYCLOAK.passwordGrant(REALM, DIRECT_CLIENT, "kit-leaver", "leaver-password").accessToken()).isNotBlank();

        KEYCLOAK.admin().deleteUser(REALM, "kit-leaver");

        assertThatThrownBy(() -> KEYCLOAK.passwordGrant(REALM, DIRECT_CLIENT, "kit-leaver", "leaver-password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid_grant");
    }

    @Test
    void laterExtensionsShareTheServerAndImportTheirOwnRealms(@TempDir Path dir) throws Exception {
        Path lateRealm = Files.writeString(dir.resolve("late.json"),
                "{\"realm\": \"kit-late\", \"enabled\": true, \"sslRequired\": \"none\"}");

        KeycloakExtension late = KeycloakExtension.withRealms(lateRealm, KeycloakExtension.demoRealmFile());

        assertThat(late.baseUrl()).isEqualTo(KEYCLOAK.baseUrl());
        HttpResponse<String> discovery = HTTP.send(
                HttpRequest.newBuilder(URI.create(late.issuer("kit-late") + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"" + KEYCLOAK.issuer("kit-late") + "\"");
    }

    @Test
    void aDifferentFileForARunningRealmIsRefused(@TempDir Path dir) throws Exception {
        Path impostor = Files.writeString(dir.resolve("impostor.json"), "{\"realm\": \"other-realm\", \"enabled\": false}");

        KeycloakExtension conflicting = KeycloakExtension.withRealms(impostor);

        assertThatThrownBy(conflicting::baseUrl)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("other-realm")
                .hasMessageContaining(impostor.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> realmRoles(JwtClaims claims) {
        Map<String, Object> realmAccess = (Map<String, Object>) claims.getClaimValue("realm_access");
        assertThat(realmAccess).as("realm_access claim").isNotNull();
        return (List<String>) realmAccess.get("roles");
    }

    private static String kidOf(String token) throws InvalidJwtException {
        return UNVERIFIED.process(token).getJoseObjects().get(0).getKeyIdHeaderValue();
    }

    private static List<String> kids(String jwksUrl) throws IOException, InterruptedException, JoseException {
        return jwks(jwksUrl).getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    private static JsonWebKeySet jwks(String jwksUrl) throws IOException, InterruptedException, JoseException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(jwksUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonWebKeySet(response.body());
    }

    /** The token's claims after checking its signature with the realm's published keys. */
    private static JwtClaims verifiedClaims(String token, String realm) throws Exception {
        String kid = kidOf(token);
        JsonWebKey key = jwks(KEYCLOAK.jwksUrl(realm)).findJsonWebKey(kid, "RSA", "sig", "RS256");
        assertThat(key).as("JWKS key " + kid).isNotNull();
        return new JwtConsumerBuilder()
                .setVerificationKey(key.getKey())
                .setExpectedIssuer(KEYCLOAK.issuer(realm))
                .setSkipDefaultAudienceValidation()
                .build()
                .processToClaims(token);
    }

    private static int implicitAuthorizationRequest(String clientId, String redirectUri) throws Exception {
        String query = "client_id=" + encode(clientId) + "&response_type=" + encode("id_token token")
                + "&redirect_uri=" + encode(redirectUri) + "&scope=openid&nonce=n-1&state=s-1";
        URI uri = URI.create(KEYCLOAK.issuer(REALM) + "/protocol/openid-connect/auth?" + query);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
