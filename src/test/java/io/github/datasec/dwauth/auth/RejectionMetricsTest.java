package io.github.datasec.dwauth.auth;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Accepted tokens and refusals by reason are counted, each reason on its own meter from startup. */
class RejectionMetricsTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @Test
    void everyReasonHasAMeterBeforeAnythingHappens() {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            // The names operators put on dashboards, spelled out: renaming a reason must fail here.
            assertThat(bundle.metrics().getMeters()).containsKeys(
                    "oidc-auth.accepted",
                    "oidc-auth.rejected.missing",
                    "oidc-auth.rejected.oversized",
                    "oidc-auth.rejected.malformed",
                    "oidc-auth.rejected.algorithm-not-allowed",
                    "oidc-auth.rejected.header-not-allowed",
                    "oidc-auth.rejected.unknown-key",
                    "oidc-auth.rejected.keys-unavailable",
                    "oidc-auth.rejected.bad-signature",
                    "oidc-auth.rejected.expired",
                    "oidc-auth.rejected.not-yet-valid",
                    "oidc-auth.rejected.lifetime-too-long",
                    "oidc-auth.rejected.wrong-issuer",
                    "oidc-auth.rejected.wrong-audience",
                    "oidc-auth.rejected.wrong-token-type",
                    "oidc-auth.rejected.invalid-claims",
                    "oidc-auth.rejected.no-principal",
                    "oidc-auth.rejected.domain-not-allowed",
                    "oidc-auth.rejected.bound-to-key");
        }
    }

    @Test
    void countsAcceptedTokensAndEachRefusalUnderItsReason() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            bundle.accept(ISSUER.token().sign());
            bundle.accept(ISSUER.token().sign());
            bundle.rejectionOf(ISSUER.token().issuedAt(Instant.now().minus(Duration.ofHours(2))).expiresIn(Duration.ofHours(-1)).sign());
            bundle.rejectionOf(ISSUER.token().authorizedParty("another-client").sign());
            bundle.rejectionOf(ISSUER.token().authorizedParty("another-client").sign());
            bundle.rejectionOf("not-a-token");

            assertThat(bundle.meterCount("oidc-auth.accepted")).isEqualTo(2);
            assertThat(bundle.meterCount("oidc-auth.rejected.expired")).isEqualTo(1);
            assertThat(bundle.meterCount("oidc-auth.rejected.wrong-audience")).isEqualTo(2);
            assertThat(bundle.meterCount("oidc-auth.rejected.malformed")).isEqualTo(1);
            assertThat(bundle.meterCount("oidc-auth.rejected.bad-signature")).isZero();
        }
    }
}
