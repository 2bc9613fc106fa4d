package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.dpop.DpopKey;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the verifier makes of a token's key binding ({@code cnf}, RFC 7800 and RFC 9449 section 6):
 * it exposes the thumbprint and leaves the proof to the caller, and refuses bindings it cannot honour.
 */
class BoundTokenTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private final DpopKey key = DpopKey.generate();

    @Test
    void exposesTheThumbprintOfABoundToken() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            final VerifiedToken verified = bundle.authentication().verifier().verify(ISSUER.token().boundTo(key.thumbprint()).sign());

            assertThat(verified.boundKeyThumbprint()).isEqualTo(key.thumbprint());
            assertThat(verified.isBound()).isTrue();
            assertThat(bundle.authentication().verifier().verify(ISSUER.token().sign()).boundKeyThumbprint()).isNull();
        }
    }

    @Test
    void aBoundTokenIsNeverAcceptedAsAPlainBearerToken() {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            assertThat(bundle.rejectionOf(ISSUER.token().boundTo(key.thumbprint()).sign())).isEqualTo(RejectionReason.BOUND_TO_KEY);
            assertThat(bundle.rejectionOf(ISSUER.token().boundTo(key.thumbprint()).type("Bearer").sign())).isEqualTo(RejectionReason.BOUND_TO_KEY);
        }
    }

    @Test
    void refusesTheDpopTypeOnATokenThatIsNotBound() {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            assertThat(bundle.rejectionOf(ISSUER.token().type("DPoP").sign())).isEqualTo(RejectionReason.WRONG_TOKEN_TYPE);
        }
    }

    @Test
    void refusesConfirmationMethodsItCannotCheck() {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(ISSUER)) {
            for (Object cnf : new Object[]{Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"),
                    Map.of("jkt", key.thumbprint(), "x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"),
                    Map.of("jkt", 42), Map.of("jkt", "short"), "a-string", Map.of()}) {
                assertThat(bundle.rejectionOf(ISSUER.token().claim("cnf", cnf).sign())).as("cnf %s", cnf)
                        .isEqualTo(RejectionReason.INVALID_CLAIMS);
            }
        }
    }
}
