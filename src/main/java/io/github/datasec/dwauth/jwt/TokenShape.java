package io.github.datasec.dwauth.jwt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checks that need no JSON: length, exactly three non-empty segments (a JWS; never JWE or an
 * unsecured JWT) and canonical unpadded base64url in each (RFC 7515 section 2). Each segment is
 * decoded here, once, because decoding is also what finds any character outside the alphabet.
 */
final class TokenShape {
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** The token split at its dots: the signing input as the ASCII bytes it is, and each segment decoded. */
    record Segments(byte[] ascii, int signingInputLength, byte[] header, byte[] payload, byte[] signature) {
    }

    private TokenShape() {
    }

    static Segments check(String token, int maxLength) throws TokenRejectedException {
        if (token.length() > maxLength) {
            throw new TokenRejectedException(RejectionReason.OVERSIZED);
        }
        // indexOf is vectorized by the JIT; one pass each finds the dots and any padding.
        final int firstDot = token.indexOf('.');
        final int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        // The JDK's decoder accepts '=' padding; nothing else outside the alphabet gets past it.
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0 || token.indexOf('=') >= 0) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        // A plain copy of a Latin-1 string. Any other character becomes '?', which the decoder refuses,
        // as it refuses the bytes of Latin-1 characters above ASCII.
        final byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        return new Segments(ascii, secondDot,
                decode(ascii, 0, firstDot), decode(ascii, firstDot + 1, secondDot), decode(ascii, secondDot + 1, ascii.length));
    }

    private static byte[] decode(byte[] ascii, int start, int end) throws TokenRejectedException {
        final int length = end - start;
        final int tail = length % 4;
        if (length == 0 || tail == 1) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        if (tail != 0) {
            // The last character may carry only meaningful bits, which the JDK's decoder does not check:
            // anything else is a second spelling of the same bytes.
            final int unusedBits = tail == 2 ? 0x0F : 0x03;
            if ((sextet(ascii[end - 1]) & unusedBits) != 0) {
                throw new TokenRejectedException(RejectionReason.MALFORMED);
            }
        }
        final ByteBuffer decoded;
        try {
            decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, start, length));
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        // The decoder writes into a fresh array sized for the input; for unpadded input it is exact.
        final byte[] bytes = decoded.array();
        return decoded.limit() == bytes.length ? bytes : Arrays.copyOf(bytes, decoded.limit());
    }

    /** The value of a base64url character; any other character is refused by the decoder whatever this says. */
    private static int sextet(byte c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        return c == '-' ? 62 : 63;
    }
}
