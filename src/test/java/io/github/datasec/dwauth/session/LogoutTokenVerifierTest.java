package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer.TokenBuilder;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile logout tokens, which Keycloak would never send, against the back-channel logout rules. */
class LogoutTokenVerifierTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private IssuerAuthentication chain;
    private SessionStore store;
    private LogoutTokenVerifier verifier;

    @BeforeEach
    void wire() {
        chain = IssuerAuthentication.against(ISSUER);
        store = new MemorySessionStore(Clock.systemUTC(), Duration.ofHours(1));
        verifier = new LogoutTokenVerifier(ProviderTokens.settingsFor(ISSUER), chain.authentication().keyResolver(), store);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    /** Shaped like Keycloak's: aud is the client, typ Logout, the event, sid and sub, no nonce. */
    private static TokenBuilder logoutToken() {
        return ISSUER.token().audience(ISSUER.clientId()).type("Logout").without("azp").without("email")
                .without("preferred_username").without("realm_access").without("resource_access").without("scope")
                .claim("events", Map.of(LogoutTokenVerifier.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
    }

    @Test
    void acceptsAWellFormedLogoutTokenOnce() throws Exception {
        final String token = logoutToken().claim("sid", "keycloak-session-1").sign();

        final JwtClaims claims = verifier.verify(token);

        assertThat(claims.getStringClaimValue("sid")).isEqualTo("keycloak-session-1");
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("logout_token was already used");
    }

    @Test
    void acceptsATokenNamingOnlyTheUser() throws Exception {
        assertThat(verifier.verify(logoutToken().without("sid").subject("user-7").sign()).getSubject()).isEqualTo("user-7");
    }

    @Test
    void refusesATokenWithoutTheBackChannelEvent() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().without("events").sign()))
                .hasMessage("logout_token has no back-channel logout event");
        assertThatThrownBy(() -> verifier.verify(logoutToken().claim("events",
                Map.of(LogoutTokenVerifier.BACKCHANNEL_LOGOUT_EVENT, "yes")).sign()))
                .hasMessage("logout_token has no back-channel logout event");
        assertThatThrownBy(() -> verifier.verify(logoutToken().claim("events",
                Map.of("http://schemas.openid.net/event/other", Map.of())).sign()))
                .hasMessage("logout_token has no back-channel logout event");
    }

    @Test
    void refusesATokenWithANonceSoThatNoIdTokenPassesAsOne() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().claim("nonce", "n-1").sign()))
                .hasMessage("logout_token must not carry a nonce");
    }

    @Test
    void refusesATokenNamingNeitherSessionNorUser() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().without("sid").without("sub").sign()))
                .hasMessage("logout_token names neither sid nor sub");
    }

    @Test
    void refusesATokenWithoutJti() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().without("jti").sign()))
                .hasMessageContaining("jti");
    }

    @Test
    void refusesATokenForAnotherClient() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().audience("another-client").sign()))
                .hasMessageContaining("audience");
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().claim("iss", "http://127.0.0.1:1/realms/evil").sign()))
                .hasMessageContaining("issuer");
    }

    @Test
    void refusesAnOldToken() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().issuedAt(Instant.now().minus(Duration.ofMinutes(10))).sign()))
                .hasMessageContaining("iat");
    }

    @Test
    void refusesATokenWithoutIat() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().without("iat").sign())).hasMessageContaining("iat");
    }

    @Test
    void refusesATokenSignedByAKeyOutsideTheKeySets() throws Exception {
        final String forged = logoutToken().signedWith(RsaJwkGenerator.generateJwk(2048), "RS256").sign();

        assertThatThrownBy(() -> verifier.verify(forged)).hasMessageContaining("signature");
    }

    @Test
    void refusesAnUnsignedToken() {
        assertThatThrownBy(() -> verifier.verify(logoutToken().signedWith(null, "none").sign())).hasMessageContaining("signature");
    }

    @Test
    void refusesAnIdTokenOrAccessToken() {
        assertThatThrownBy(() -> verifier.verify(ISSUER.token().audience(ISSUER.clientId()).type("ID").claim("nonce", "n").sign()))
                .isInstanceOf(ProviderTokenRejectedException.class);
        assertThatThrownBy(() -> verifier.verify(ISSUER.token().audience(ISSUER.clientId()).sign()))
                .hasMessage("logout_token has no back-channel logout event");
    }
}
