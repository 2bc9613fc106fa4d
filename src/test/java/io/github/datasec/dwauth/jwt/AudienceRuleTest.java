package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whom a token is for: aud naming this client or a configured audience, or azp with only the provider's account audience. */
class AudienceRuleTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static String accepted(String token, Consumer<AuthenticationConfiguration> tweaks) throws TokenRejectedException {
        try (IssuerAuthentication auth = IssuerAuthentication.against(ISSUER, tweaks)) {
            return auth.accept(token).name();
        }
    }

    private static void assertWrongAudience(String token, Consumer<AuthenticationConfiguration> tweaks) {
        try (IssuerAuthentication auth = IssuerAuthentication.against(ISSUER, tweaks)) {
            assertThatThrownBy(() -> auth.accept(token)).isInstanceOfSatisfying(TokenRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_AUDIENCE));
        }
    }

    @Test
    void acceptsATokenOfThisClientWhoseAudienceIsOnlyKeycloaksAccountService() throws Exception {
        assertThat(accepted(ISSUER.token().authorizedParty(ISSUER.clientId()).audience("account").sign(), config -> { }))
                .isEqualTo("test-user");
    }

    @Test
    void acceptsATokenOfThisClientWithoutAudience() throws Exception {
        assertThat(accepted(ISSUER.token().authorizedParty(ISSUER.clientId()).without("aud").sign(), config -> { }))
                .isEqualTo("test-user");
    }

    @Test
    void refusesATokenOfThisClientWhoseAudienceNamesAnotherResourceServer() {
        assertWrongAudience(ISSUER.token().authorizedParty(ISSUER.clientId()).audience("reports-api", "account").sign(), config -> { });
    }

    @Test
    void refusesATokenOfThisClientWhenAccountIsNotOneOfTheConfiguredAccountAudiences() {
        assertWrongAudience(ISSUER.token().authorizedParty(ISSUER.clientId()).audience("account").sign(),
                config -> config.getTokenValidation().setAccountAudiences(List.of()));
    }

    @Test
    void acceptsATokenWhoseAudienceNamesThisClientBesideOtherServers() throws Exception {
        assertThat(accepted(ISSUER.token().authorizedParty("other-client").audience("reports-api", ISSUER.clientId()).sign(), config -> { }))
                .isEqualTo("test-user");
    }

    @Test
    void acceptsATokenWhoseAudienceIsAConfiguredAudience() throws Exception {
        assertThat(accepted(ISSUER.token().authorizedParty("other-client").audience("reports-api").sign(),
                config -> config.getTokenValidation().setAudiences(List.of("reports-api")))).isEqualTo("test-user");
    }

    @Test
    void refusesATokenOfAnotherClientWhoseAudienceIsOnlyTheAccountService() {
        assertWrongAudience(ISSUER.token().authorizedParty("other-client").audience("account").sign(), config -> { });
    }
}
