package io.github.datasec.dwauth.jwt;

import java.nio.charset.StandardCharsets;

/**
 * Checks that cost no parsing: length, exactly three non-empty segments (a JWS; never JWE or an
 * unsecured JWT) and canonical unpadded base64url in each (RFC 7515 section 2).
 */
final class TokenShape {
    /** Indexed by byte value; the US-ASCII encoder turns every other character into '?', which is false here. */
    private static final boolean[] BASE64URL = new boolean[256];

    static {
        for (char c = 'A'; c <= 'Z'; c++) BASE64URL[c] = true;
        for (char c = 'a'; c <= 'z'; c++) BASE64URL[c] = true;
        for (char c = '0'; c <= '9'; c++) BASE64URL[c] = true;
        BASE64URL['-'] = true;
        BASE64URL['_'] = true;
    }

    private TokenShape() {
    }

    /** The token as the ASCII bytes that were checked, which are also the signing input and what is decoded. */
    static byte[] check(String token, int maxLength) throws TokenRejectedException {
        if (token.length() > maxLength) {
            throw new TokenRejectedException(RejectionReason.OVERSIZED);
        }
        // indexOf is vectorized by the JIT; the dots are found first so that each segment's
        // byte loop has nothing else to look for.
        final int firstDot = token.indexOf('.');
        final int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        final byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        checkSegment(ascii, 0, firstDot);
        checkSegment(ascii, firstDot + 1, secondDot);
        checkSegment(ascii, secondDot + 1, ascii.length);
        return ascii;
    }

    private static void checkSegment(byte[] ascii, int start, int end) throws TokenRejectedException {
        final int length = end - start;
        final int tail = length % 4;
        if (length == 0 || tail == 1) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        boolean allBase64url = true;
        // No early exit: a branch-free loop over a token's 1 to 2 KB is faster than one that can stop.
        for (int i = start; i < end; i++) {
            allBase64url &= BASE64URL[ascii[i] & 0xFF];
        }
        if (!allBase64url) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        if (tail != 0) {
            // The last character may carry only meaningful bits; anything else is a second spelling.
            final int value = sextet(ascii[end - 1]);
            final int unusedBits = tail == 2 ? 0x0F : 0x03;
            if ((value & unusedBits) != 0) {
                throw new TokenRejectedException(RejectionReason.MALFORMED);
            }
        }
    }

    private static int sextet(byte c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        return c == '-' ? 62 : 63;
    }
}
