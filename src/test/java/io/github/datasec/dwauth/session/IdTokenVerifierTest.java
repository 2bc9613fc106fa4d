package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer.TokenBuilder;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The callback's ID token checks, with ID tokens Keycloak would never send. */
class IdTokenVerifierTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();
    private static final String NONCE = "nonce-of-this-sign-in";
    private static final String ACCESS_TOKEN = "the-access-token-of-this-response";

    private IssuerAuthentication chain;
    private IdTokenVerifier verifier;

    @BeforeEach
    void wire() {
        chain = IssuerAuthentication.against(ISSUER);
        verifier = new IdTokenVerifier(ProviderTokens.settingsFor(ISSUER), chain.authentication().keyResolver());
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private static TokenBuilder idToken() {
        return ISSUER.token().audience(ISSUER.clientId()).type("ID").claim("nonce", NONCE)
                .claim("at_hash", IdTokenVerifier.leftHalfHash(ACCESS_TOKEN, "RS256"));
    }

    @Test
    void acceptsTheIdTokenOfThisSignIn() throws Exception {
        assertThat(verifier.verify(idToken().subject("user-1").sign(), NONCE, ACCESS_TOKEN).getSubject()).isEqualTo("user-1");
    }

    @Test
    void computesAtHashAsOpenIdConnectCoreDefinesIt() {
        // OpenID Connect Core's own example: the at_hash of "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".
        assertThat(IdTokenVerifier.leftHalfHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256"))
                .isEqualTo("77QmUPtjPfzWtF2AnpK9RQ");
    }

    @Test
    void refusesAnotherSignInsNonceOrNone() {
        assertThatThrownBy(() -> verifier.verify(idToken().claim("nonce", "other").sign(), NONCE, ACCESS_TOKEN))
                .hasMessage("ID token nonce does not match the sign-in");
        assertThatThrownBy(() -> verifier.verify(idToken().without("nonce").sign(), NONCE, ACCESS_TOKEN))
                .hasMessage("ID token nonce does not match the sign-in");
    }

    @Test
    void refusesAnAtHashOfAnotherAccessToken() {
        assertThatThrownBy(() -> verifier.verify(idToken().sign(), NONCE, "a-substituted-access-token"))
                .hasMessage("ID token at_hash does not match the access token");
    }

    @Test
    void refusesAnIdTokenForAnotherClient() {
        assertThatThrownBy(() -> verifier.verify(idToken().audience("other-client").authorizedParty("other-client").sign(),
                NONCE, ACCESS_TOKEN)).hasMessageContaining("audience");
    }

    @Test
    void refusesSeveralAudiencesWithAnotherOrNoAuthorizedParty() {
        assertThatThrownBy(() -> verifier.verify(idToken().audience(ISSUER.clientId(), "other").authorizedParty("other").sign(),
                NONCE, ACCESS_TOKEN)).hasMessage("ID token azp is not this client");
        assertThatThrownBy(() -> verifier.verify(idToken().audience(ISSUER.clientId(), "other").without("azp").sign(),
                NONCE, ACCESS_TOKEN)).hasMessage("ID token azp is not this client");
    }

    @Test
    void refusesAnExpiredIdToken() {
        assertThatThrownBy(() -> verifier.verify(idToken().issuedAt(Instant.now().minus(Duration.ofHours(1)))
                .expiresAt(Instant.now().minus(Duration.ofMinutes(10))).sign(), NONCE, ACCESS_TOKEN))
                .hasMessageContaining("time");
    }

    @Test
    void refusesAnIdTokenOfAnotherIssuer() {
        assertThatThrownBy(() -> verifier.verify(idToken().claim("iss", "http://127.0.0.1:1/realms/evil").sign(), NONCE, ACCESS_TOKEN))
                .hasMessageContaining("issuer");
    }

    @Test
    void refusesAForgedOrUnsignedIdToken() throws Exception {
        final String forged = idToken().signedWith(RsaJwkGenerator.generateJwk(2048), "RS256").sign();
        assertThatThrownBy(() -> verifier.verify(forged, NONCE, ACCESS_TOKEN)).hasMessageContaining("signature");
        assertThatThrownBy(() -> verifier.verify(idToken().signedWith(null, "none").sign(), NONCE, ACCESS_TOKEN))
                .hasMessageContaining("signature");
    }

    @Test
    void refusesAnIdTokenWithoutSubject() {
        assertThatThrownBy(() -> verifier.verify(idToken().without("sub").sign(), NONCE, ACCESS_TOKEN))
                .isInstanceOf(ProviderTokenRejectedException.class);
    }
}
