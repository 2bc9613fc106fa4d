package io.github.datasec.dwauth.jwt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.jose4j.jwt.JwtClaims;

/**
 * A token that passed {@link TokenShape}, split once: its header read, and the signing input kept
 * as the ASCII bytes it already is, so that nothing is decoded or copied twice. The signature and
 * the claims are decoded only when asked for, after the key lookup.
 */
final class CompactJws {
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final byte[] ascii;
    private final int payloadStart;
    private final int signingInputLength;
    private final Map<String, Object> header;

    private CompactJws(byte[] ascii, int payloadStart, int signingInputLength, Map<String, Object> header) {
        this.ascii = ascii;
        this.payloadStart = payloadStart;
        this.signingInputLength = signingInputLength;
        this.header = header;
    }

    /** Reads the header of a token whose shape {@link TokenShape} accepted, given as the bytes it returned. */
    static CompactJws read(String token, byte[] ascii) throws TokenRejectedException {
        final int firstDot = token.indexOf('.');
        final int secondDot = token.indexOf('.', firstDot + 1);
        return new CompactJws(ascii, firstDot + 1, secondDot, JoseJson.object(decode(ascii, 0, firstDot)));
    }

    Map<String, Object> header() {
        return header;
    }

    /** The header member {@code name} if it is a string, else null. */
    String headerString(String name) {
        return header.get(name) instanceof String text ? text : null;
    }

    JwtClaims claims() throws TokenRejectedException {
        final JwtClaims claims = new JwtClaims();
        JoseJson.readObject(decode(ascii, payloadStart, signingInputLength), claims::hasClaim, claims::setClaim);
        return claims;
    }

    /** The token as ASCII bytes; its first {@link #signingInputLength()} bytes are what the signature covers. */
    byte[] ascii() {
        return ascii;
    }

    int signingInputLength() {
        return signingInputLength;
    }

    byte[] signature() {
        return decode(ascii, signingInputLength + 1, ascii.length);
    }

    private static byte[] decode(byte[] ascii, int start, int end) {
        // The decoder writes into a fresh array sized for the input; for canonical input it is exact.
        final ByteBuffer decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, start, end - start));
        final byte[] bytes = decoded.array();
        return decoded.limit() == bytes.length ? bytes : Arrays.copyOf(bytes, decoded.limit());
    }
}
