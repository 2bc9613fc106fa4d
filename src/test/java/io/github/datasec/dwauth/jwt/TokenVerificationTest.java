package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.support.RawJws;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verification chain over real HTTP against an in-process issuer: the basic accept and reject cases. */
class TokenVerificationTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private IssuerAuthentication auth;

    @BeforeEach
    void wire() {
        ISSUER.resetFetchCount();
        auth = IssuerAuthentication.against(ISSUER, IssuerAuthentication.issuerDomainAuthorizer().setAdminPrincipals(Set.of("boss")));
    }

    @AfterEach
    void close() {
        auth.close();
    }

    private OidcPrincipal authenticate(String token) throws TokenRejectedException {
        return auth.accept(token);
    }

    private void assertRejected(String token, RejectionReason reason) {
        assertThatThrownBy(() -> authenticate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void acceptsAValidKeycloakShapedAccessToken() throws Exception {
        final OidcPrincipal principal = authenticate(ISSUER.token().username("boss").sign());
        assertThat(principal.name()).isEqualTo("boss");
        assertThat(principal.admin()).isTrue();
        assertThat(ISSUER.fetchCount()).isEqualTo(1);
    }

    /** Each thread keeps its Signature initialised with the last key: a token under another key must initialise it anew. */
    @Test
    void verifiesTokensOfTwoKeysInTurnAndAfterFailedSignaturesOnOneThread() throws Exception {
        final String firstKeyToken = ISSUER.token().sign();
        final String firstKid = ISSUER.currentKey().getKeyId();
        ISSUER.rotateKey();
        final String secondKeyToken = ISSUER.token().sign();
        final String secondKid = ISSUER.currentKey().getKeyId();
        final String signatureAboveTheModulus = RawJws.withSignature(secondKeyToken, Base64Url.encode(filled(256, (byte) 0xFF)));
        final String otherSignature = RawJws.withSignature(secondKeyToken, firstKeyToken.substring(firstKeyToken.lastIndexOf('.') + 1));
        final TokenVerifier verifier = auth.authentication().verifier();

        for (int round = 0; round < 3; round++) {
            assertThat(verifier.verify(firstKeyToken).keyId()).isEqualTo(firstKid);
            assertThat(verifier.verify(secondKeyToken).keyId()).isEqualTo(secondKid);
            assertThat(verifier.verify(secondKeyToken).keyId()).isEqualTo(secondKid);
            assertThatThrownBy(() -> verifier.verify(signatureAboveTheModulus))
                    .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
            assertThatThrownBy(() -> verifier.verify(otherSignature))
                    .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
        }
    }

    private static byte[] filled(int length, byte value) {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    @Test
    void rejectsAnExpiredToken() {
        final Instant issued = Instant.now().minus(Duration.ofMinutes(10));
        assertRejected(ISSUER.token().issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(5))).sign(), RejectionReason.EXPIRED);
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() throws Exception {
        final Instant expired = Instant.now().minusSeconds(10);
        assertThat(authenticate(ISSUER.token().issuedAt(expired.minusSeconds(60)).expiresAt(expired).sign()).name())
                .isEqualTo("test-user");
    }

    @Test
    void rejectsATokenFromAnotherIssuer() {
        assertRejected(ISSUER.token().claim("iss", ISSUER.issuer().replace("/realms/test", "/realms/other")).sign(),
                RejectionReason.WRONG_ISSUER);
    }

    @Test
    void rejectsATokenForAnotherClient() {
        assertRejected(ISSUER.token().authorizedParty("other-client").audience("account").sign(), RejectionReason.WRONG_AUDIENCE);
    }

    @Test
    void acceptsATokenOfAnotherClientThatNamesThisClientInItsAudience() throws Exception {
        assertThat(authenticate(ISSUER.token().authorizedParty("other-client").audience("account", ISSUER.clientId()).sign()))
                .isNotNull();
    }

    @Test
    void rejectsATokenWithATamperedPayload() {
        final String[] parts = ISSUER.token().username("user").sign().split("\\.");
        final String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8).replace("user@example.com", "boss@example.com").getBytes(UTF_8));
        assertRejected(parts[0] + "." + forged + "." + parts[2], RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void rejectsATokenSignedByAnUnknownKey() throws Exception {
        final RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId("stranger");
        assertRejected(ISSUER.token().signedWith(stranger, "RS256").sign(), RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void rejectsAnUnsignedToken() {
        final String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(UTF_8));
        final String payload = ISSUER.token().sign().split("\\.")[1];
        assertRejected(header + "." + payload + ".", RejectionReason.MALFORMED);
        assertRejected(header + "." + payload + ".c2ln", RejectionReason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsAnIdTokenWhereAnAccessTokenIsExpected() {
        assertRejected(ISSUER.token().type("ID").audience(ISSUER.clientId()).sign(), RejectionReason.WRONG_TOKEN_TYPE);
    }
}
