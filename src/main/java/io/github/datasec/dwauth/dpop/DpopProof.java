package io.github.datasec.dwauth.dpop;

/**
 * A proof that passed every rule that needs only the request: its key's RFC 7638 thumbprint, and
 * the key under which its jti is remembered. The token's binding and the replay check come after.
 */
public record DpopProof(String keyThumbprint, String replayKey) {
}
