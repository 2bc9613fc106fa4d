package io.github.datasec.dwauth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Unguessable values (session references, state, nonce, PKCE verifiers) and their one-way hashes. */
final class RandomValues {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** 32 random bytes in base64url: what {@link #next()} makes, and all a cookie or state may look like. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private RandomValues() {
    }

    /** 256 random bits, base64url. */
    static String next() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    static boolean looksGenerated(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    /** SHA-256, base64url: what the store keeps in place of a value the browser presents. */
    static String hash(String value) {
        return BASE64URL.encodeToString(sha256(value.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Compares in time independent of where the two differ. */
    static boolean sameHash(String hashA, String hashB) {
        return MessageDigest.isEqual(hashA.getBytes(StandardCharsets.US_ASCII), hashB.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The PKCE S256 challenge of a verifier (RFC 7636 section 4.2). */
    static String s256Challenge(String verifier) {
        return BASE64URL.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
