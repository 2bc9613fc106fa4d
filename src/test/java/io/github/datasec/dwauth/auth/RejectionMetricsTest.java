package io.github.datasec.dwauth.auth;

import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Accepted tokens and refusals by reason are counted, each reason on its own meter from startup. */
class RejectionMetricsTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @Test
    void everyReasonHasAMeterBeforeAnythingHappens() {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            for (RejectionReason reason : RejectionReason.values()) {
                assertThat(bundle.metrics().getMeters()).containsKey(meterOf(reason));
            }
            assertThat(bundle.metrics().getMeters()).containsKey(AuthMetrics.PREFIX + ".accepted");
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

            assertThat(bundle.meterCount(AuthMetrics.PREFIX + ".accepted")).isEqualTo(2);
            assertThat(bundle.meterCount(meterOf(RejectionReason.EXPIRED))).isEqualTo(1);
            assertThat(bundle.meterCount(meterOf(RejectionReason.WRONG_AUDIENCE))).isEqualTo(2);
            assertThat(bundle.meterCount(meterOf(RejectionReason.MALFORMED))).isEqualTo(1);
            assertThat(bundle.meterCount(meterOf(RejectionReason.BAD_SIGNATURE))).isZero();
        }
    }

    private static String meterOf(RejectionReason reason) {
        return AuthMetrics.PREFIX + ".rejected." + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
