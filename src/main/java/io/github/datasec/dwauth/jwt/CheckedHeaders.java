package io.github.datasec.dwauth.jwt;

import java.util.Arrays;
import java.util.Map;

/**
 * Reads a token's header and holds it to {@link HeaderRules}, remembering the last header that
 * passed. An issuer signs every token of a key under one header, byte for byte, so most tokens need
 * it neither read nor checked again: only a header that passed is remembered, and only the very same
 * decoded bytes are taken for it.
 */
final class CheckedHeaders {
    /** What the rest of verification reads from a header that passed: {@code alg}, and {@code kid} or null. */
    record Header(String alg, String kid) {
    }

    private record Passed(byte[] bytes, Header header) {
    }

    private final HeaderRules rules;
    /** Replaced whole; a race between two threads only leaves one of two headers that both passed. */
    private volatile Passed last;

    CheckedHeaders(HeaderRules rules) {
        this.rules = rules;
    }

    /** The header of a token whose shape passed, once it has passed the rules. */
    Header check(byte[] decoded) throws TokenRejectedException {
        final Passed remembered = last;
        if (remembered != null && Arrays.equals(remembered.bytes, decoded)) {
            return remembered.header;
        }
        final Map<String, Object> members = JoseJson.object(decoded);
        rules.check(members);
        // The rules have made sure that alg is a string and kid a string or absent.
        final Header header = new Header((String) members.get("alg"), (String) members.get("kid"));
        last = new Passed(decoded, header);
        return header;
    }
}
