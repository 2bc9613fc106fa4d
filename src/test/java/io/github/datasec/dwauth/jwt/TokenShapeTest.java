package io.github.datasec.dwauth.jwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The shape check on its own. jose4j's parser refuses some of these too (four or five parts), but
 * not all (it decodes padding, whitespace and stray bits leniently); the bundle does not rely on it.
 */
class TokenShapeTest {
    private static final int CAP = 64;

    @ParameterizedTest
    @ValueSource(strings = {"eyJh.eyJi.c2ln", "AA.AAA.AAAA", "-w.aQ.QA"})
    void acceptsThreeCanonicalBase64urlSegments(String token) {
        assertThatCode(() -> TokenShape.check(token, CAP)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eyJh", "eyJh.eyJi", "eyJh.eyJi.c2ln.c2ln", "eyJh.eyJi.c2ln.c2ln.c2ln", "..", ".eyJi.c2ln",
            "eyJh..c2ln", "eyJh.eyJi.", "eyJh.eyJi.c2ln."})
    void refusesAnyOtherNumberOfSegmentsOrAnEmptyOne(String token) {
        assertThat(reasonFor(token)).isEqualTo(RejectionReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJh.eyJi.c2ln=", "eyJh.eyJi.c2l+", "eyJh.eyJi.c2l/", "eyJh.eyJi.c2 ln", "eyJh.eyJi.c2l\u00e9",
            "eyJh.eyJi.c2ln\n", "{\"a\":1}.eyJi.c2ln", "eyJh.eyJi.c2k=", "eyJh.eyJi.c2l\u0100"})
    void refusesCharactersOutsideUnpaddedBase64url(String token) {
        assertThat(reasonFor(token)).isEqualTo(RejectionReason.MALFORMED);
    }

    @ParameterizedTest
    // "AB" and "AAB" carry set bits that no byte string encodes to; a segment of 4n+1 characters encodes nothing.
    @ValueSource(strings = {"eyJh.eyJi.AB", "eyJh.eyJi.AAB", "eyJh.eyJi.AAAAA"})
    void refusesSegmentsThatAreNotTheCanonicalSpellingOfAnyBytes(String token) {
        assertThat(reasonFor(token)).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void refusesATokenOverTheCapWhateverItContains() {
        assertThatCode(() -> TokenShape.check("AAAA.AAAA." + "A".repeat(CAP - 10), CAP)).doesNotThrowAnyException();
        assertThat(reasonFor("{".repeat(CAP + 1))).isEqualTo(RejectionReason.OVERSIZED);
        assertThat(reasonFor("AAAA.AAAA." + "A".repeat(CAP))).isEqualTo(RejectionReason.OVERSIZED);
    }

    private static RejectionReason reasonFor(String token) {
        final TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class, () -> TokenShape.check(token, CAP));
        assertThat(rejected).as("refused: %s", token).isNotNull();
        return rejected.reason();
    }
}
