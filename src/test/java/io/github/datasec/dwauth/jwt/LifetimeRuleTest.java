package io.github.datasec.dwauth.jwt;

import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** maxTokenLifetime holds to the second, for exp - iat and for exp - now, with no clock skew on top. */
class LifetimeRuleTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static IssuerAuthentication auth;

    @BeforeAll
    static void wire() {
        auth = IssuerAuthentication.against(ISSUER, config -> config.getTokenValidation()
                .setMaxTokenLifetime(Duration.minutes(2)).setClockSkew(Duration.seconds(30)));
    }

    @AfterAll
    static void close() {
        auth.close();
    }

    private static void assertTooLong(String token) {
        assertThatThrownBy(() -> auth.accept(token)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.LIFETIME_TOO_LONG));
    }

    @Test
    void refusesAClaimedLifetimeOneSecondOverTheMaximum() {
        final Instant now = Instant.now();
        assertTooLong(ISSUER.token().issuedAt(now).expiresAt(now.plusSeconds(121)).sign());
    }

    @Test
    void refusesARemainingLifetimeOverTheMaximumWithoutIat() {
        // jose4j's own bound, in whole minutes plus the skew, would let this one through.
        assertTooLong(ISSUER.token().without("iat").expiresAt(Instant.now().plusSeconds(135)).sign());
    }

    @Test
    void acceptsLifetimesWithinTheMaximum() throws Exception {
        final Instant now = Instant.now();
        assertThat(auth.accept(ISSUER.token().issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(60)).sign()).name())
                .isEqualTo("test-user");
        assertThat(auth.accept(ISSUER.token().without("iat").expiresAt(now.plusSeconds(110)).sign()).name())
                .isEqualTo("test-user");
    }
}
