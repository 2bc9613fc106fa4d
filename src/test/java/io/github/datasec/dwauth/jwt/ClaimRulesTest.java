package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.github.datasec.dwauth.jwt.RejectionReason.EXPIRED;
import static io.github.datasec.dwauth.jwt.RejectionReason.INVALID_CLAIMS;
import static io.github.datasec.dwauth.jwt.RejectionReason.LIFETIME_TOO_LONG;
import static io.github.datasec.dwauth.jwt.RejectionReason.WRONG_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

/** How the claim rules meet claims of the wrong type, dates beyond a long, and tokens that break several rules at once. */
class ClaimRulesTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static IssuerAuthentication bundle;

    @BeforeAll
    static void wire() throws Exception {
        bundle = IssuerAuthentication.against(ISSUER);
        assertThat(bundle.accept(ISSUER.token().sign()).name()).isEqualTo("test-user");
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    @Test
    void refusesSubjectOrTokenIdThatIsNotAString() {
        for (Object value : List.of(42, true, List.of("test-user"), Map.of("id", "test-user"))) {
            assertThat(bundle.rejectionOf(ISSUER.token().claim("sub", value).sign())).as("sub %s", value).isEqualTo(INVALID_CLAIMS);
            assertThat(bundle.rejectionOf(ISSUER.token().claim("jti", value).sign())).as("jti %s", value).isEqualTo(INVALID_CLAIMS);
        }
    }

    @Test
    void refusesAMissingIssuerAsWrongIssuerAndOneOfAnotherTypeAsInvalidClaims() {
        assertThat(bundle.rejectionOf(ISSUER.token().without("iss").sign())).isEqualTo(WRONG_ISSUER);
        assertThat(bundle.rejectionOf(ISSUER.token().claim("iss", null).sign())).isEqualTo(WRONG_ISSUER);
        assertThat(bundle.rejectionOf(ISSUER.token().claim("iss", List.of(ISSUER.issuer())).sign())).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void refusesAnAudienceWithANullOrNumberMemberAsInvalidClaims() {
        assertThat(bundle.rejectionOf(ISSUER.token().claim("aud", Arrays.asList("account", null)).sign())).isEqualTo(INVALID_CLAIMS);
        assertThat(bundle.rejectionOf(ISSUER.token().claim("aud", List.of(7)).sign())).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void refusesDatesBeyondTheRangeOfALongForWhatTheyAre() {
        assertThat(bundle.rejectionOf(ISSUER.token().claim("exp", 1e300).sign())).isEqualTo(LIFETIME_TOO_LONG);
        assertThat(bundle.rejectionOf(ISSUER.token().claim("exp", -1e300).sign())).isEqualTo(EXPIRED);
        // now - iat overflows a long: no lifetime can be computed, and no clock reading is after it.
        assertThat(bundle.rejectionOf(ISSUER.token().claim("iat", -1e300).sign())).isEqualTo(INVALID_CLAIMS);
        // An exp before nbf is a contradiction, whatever the clock says.
        assertThat(bundle.rejectionOf(ISSUER.token().claim("nbf", 1e300).sign())).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void namesTheReasonFirstInRejectionReasonWhenATokenBreaksSeveralRules() {
        assertThat(bundle.rejectionOf(ISSUER.token().expiresIn(Duration.ofHours(-1)).claim("iss", "https://elsewhere.example")
                .audience("another-api").sign())).isEqualTo(EXPIRED);
        // The missing exp is found first, by the first rule; the wrong issuer still names the refusal.
        assertThat(bundle.rejectionOf(ISSUER.token().without("exp").claim("iss", "https://elsewhere.example").sign())).isEqualTo(WRONG_ISSUER);
    }
}
