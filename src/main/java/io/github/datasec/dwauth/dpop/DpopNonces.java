package io.github.datasec.dwauth.dpop;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Server nonces for proofs ({@code DPoP-Nonce}, RFC 9449 section 8), without state: the nonce of a
 * time slot is an HMAC of the slot's number under a random per-process secret, so a nonce is good
 * for its slot and the next one, and a proof cannot be made ahead of time. Another instance has
 * another secret: behind a load balancer, clients need sticky sessions for nonces to hold.
 */
public final class DpopNonces {
    private static final int NONCE_BYTES = 16;

    private final byte[] secret;
    private final long slotMillis;
    private final Clock clock;

    public DpopNonces(Duration slot, Clock clock) {
        this.secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.slotMillis = slot.toMillis();
        this.clock = clock;
    }

    /** The nonce clients should put in their next proof. */
    public String current() {
        return nonceOf(clock.millis() / slotMillis);
    }

    boolean isCurrent(String nonce) {
        final long slot = clock.millis() / slotMillis;
        final byte[] given = nonce.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, nonceOf(slot).getBytes(StandardCharsets.US_ASCII))
                || MessageDigest.isEqual(given, nonceOf(slot - 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String nonceOf(long slot) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            final byte[] tag = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(slot).array());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(tag, NONCE_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
