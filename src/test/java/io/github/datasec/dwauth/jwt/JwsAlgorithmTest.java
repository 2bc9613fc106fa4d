package io.github.datasec.dwauth.jwt;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JwsAlgorithmTest {
    @Test
    void acceptsEcdsaSignaturesOnlyAtTheCurvesExactWidth() {
        assertThat(JwsAlgorithm.ES256.wellFormed(filled(64))).isTrue();
        assertThat(JwsAlgorithm.ES256.wellFormed(filled(63))).isFalse();
        assertThat(JwsAlgorithm.ES256.wellFormed(filled(65))).isFalse();
        assertThat(JwsAlgorithm.ES384.wellFormed(filled(96))).isTrue();
        assertThat(JwsAlgorithm.ES384.wellFormed(filled(64))).isFalse();
        assertThat(JwsAlgorithm.ES512.wellFormed(filled(132))).isTrue();
        assertThat(JwsAlgorithm.ES512.wellFormed(filled(130))).isFalse();
    }

    @Test
    void refusesEcdsaSignatureWhoseROrSIsZero() {
        final byte[] zeroR = filled(64);
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        final byte[] zeroS = filled(64);
        Arrays.fill(zeroS, 32, 64, (byte) 0);

        assertThat(JwsAlgorithm.ES256.wellFormed(zeroR)).isFalse();
        assertThat(JwsAlgorithm.ES256.wellFormed(zeroS)).isFalse();
        assertThat(JwsAlgorithm.ES256.wellFormed(new byte[64])).isFalse();
    }

    @Test
    void namesOnlyAsymmetricAlgorithms() {
        assertThat(JwsAlgorithm.named("RS256")).isEqualTo(JwsAlgorithm.RS256);
        assertThat(JwsAlgorithm.named("HS256")).isNull();
        assertThat(JwsAlgorithm.named("none")).isNull();
        assertThat(JwsAlgorithm.named("rs256")).isNull();
        assertThat(JwsAlgorithm.named(null)).isNull();
    }

    private static byte[] filled(int length) {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 7);
        return bytes;
    }
}
