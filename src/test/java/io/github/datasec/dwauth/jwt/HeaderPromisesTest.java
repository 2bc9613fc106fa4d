package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What docs/security-model.md promises about the JOSE header, beyond the hostile cases. */
class HeaderPromisesTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private IssuerAuthentication bundle;

    @BeforeEach
    void wireTheBundle() {
        bundle = IssuerAuthentication.against(ISSUER);
    }

    @AfterEach
    void closeTheBundle() {
        bundle.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "application/jwt", "application/at+jwt"})
    void acceptsTheJwtMediaTypesInTyp(String typ) throws Exception {
        assertThat(bundle.accept(ISSUER.token().username("alice").header("typ", typ).sign()).name()).isEqualTo("alice");
    }

    @Test
    void refusesCompressionAndEncryptionHeaders() {
        final Map<String, Object> headers = Map.of(
                "zip", "DEF",
                "enc", "A256GCM",
                "epk", Map.of("kty", "EC", "crv", "P-256", "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                        "y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"));
        headers.forEach((name, value) -> assertThat(bundle.rejectionOf(ISSUER.token().header(name, value).sign()))
                .as(name).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED));
    }

    @Test
    void acceptsAKidOf256CharactersAndRefusesOneOf257() {
        // Neither kid is published, so a kid the header rule lets through is refused at the key instead.
        assertThat(bundle.rejectionOf(ISSUER.token().keyId("k".repeat(256)).sign())).isEqualTo(RejectionReason.UNKNOWN_KEY);
        assertThat(bundle.rejectionOf(ISSUER.token().keyId("k".repeat(257)).sign())).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
    }
}
