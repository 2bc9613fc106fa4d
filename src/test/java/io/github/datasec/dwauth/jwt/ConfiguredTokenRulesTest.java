package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** tokenValidation.audiences and tokenValidation.tokenTypes set to something other than their defaults. */
class ConfiguredTokenRulesTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @Test
    void anExtraAudienceIsAcceptedBesideTheClientAndNothingElseIs() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER,
                config -> config.getTokenValidation().setAudiences(List.of("reports-api")))) {
            assertThat(bundle.accept(ISSUER.token().username("alice").without("azp").audience("reports-api").sign()).name())
                    .isEqualTo("alice");
            assertThat(bundle.rejectionOf(ISSUER.token().without("azp").audience("billing-api").sign()))
                    .isEqualTo(RejectionReason.WRONG_AUDIENCE);
        }
    }

    @Test
    void withoutTheExtraAudienceTheSameTokenIsRefused() {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            assertThat(bundle.rejectionOf(ISSUER.token().without("azp").audience("reports-api").sign()))
                    .isEqualTo(RejectionReason.WRONG_AUDIENCE);
        }
    }

    @Test
    void configuredTokenTypesReplaceTheDefaultBearer() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER,
                config -> config.getTokenValidation().setTokenTypes(List.of("Service")))) {
            assertThat(bundle.accept(ISSUER.token().username("robot").type("Service").sign()).name()).isEqualTo("robot");
            assertThat(bundle.rejectionOf(ISSUER.token().type("Bearer").sign())).isEqualTo(RejectionReason.WRONG_TOKEN_TYPE);
        }
    }
}
