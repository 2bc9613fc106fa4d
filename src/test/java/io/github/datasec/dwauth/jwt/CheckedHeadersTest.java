package io.github.datasec.dwauth.jwt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CheckedHeadersTest {
    private final CheckedHeaders headers = new CheckedHeaders(new HeaderRules(Set.of("RS256")));

    @Test
    void readsAlgorithmAndKeyId() throws TokenRejectedException {
        assertThat(headers.check(bytes("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}")))
                .isEqualTo(new CheckedHeaders.Header("RS256", "k1"));
        assertThat(headers.check(bytes("{\"alg\":\"RS256\"}"))).isEqualTo(new CheckedHeaders.Header("RS256", null));
    }

    @Test
    void takesForTheRememberedHeaderOnlyTheSameBytes() throws TokenRejectedException {
        headers.check(bytes("{\"alg\":\"RS256\",\"kid\":\"k1\"}"));

        // The same length, and the same bytes but one.
        assertThat(reasonFor("{\"alg\":\"HS256\",\"kid\":\"k1\"}")).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        assertThat(reasonFor("{\"alg\":\"RS256\",\"jku\":\"k1\"}")).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
        assertThat(headers.check(bytes("{\"alg\":\"RS256\",\"kid\":\"k2\"}"))).isEqualTo(new CheckedHeaders.Header("RS256", "k2"));
    }

    @Test
    void remembersNoHeaderThatFailedTheRules() {
        final String remoteKey = "{\"alg\":\"RS256\",\"jku\":\"https://attacker.example/keys\"}";

        assertThat(reasonFor(remoteKey)).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
        assertThat(reasonFor(remoteKey)).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
    }

    private RejectionReason reasonFor(String header) {
        final TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class, () -> headers.check(bytes(header)));
        assertThat(rejected).as("refused: %s", header).isNotNull();
        return rejected.reason();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
