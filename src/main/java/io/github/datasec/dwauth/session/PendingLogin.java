package io.github.datasec.dwauth.session;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A sign-in between {@code /api/v1/auth/login} and the callback, stored under its {@code state}.
 *
 * @param browserBinding hash of the value in the browser's login cookie: the callback must come from that browser
 * @param codeVerifier   the PKCE verifier; empty when PKCE is disabled
 * @param nonce          the nonce the ID token must carry; empty when nonces are disabled
 * @param returnPath     where the browser goes after sign-in: a path on this application, never another origin
 * @param expiresAt      after this the callback is refused; the store drops it by then
 */
public record PendingLogin(
        @JsonProperty("browserBinding") String browserBinding,
        @JsonProperty("codeVerifier") String codeVerifier,
        @JsonProperty("nonce") String nonce,
        @JsonProperty("returnPath") String returnPath,
        @JsonProperty("expiresAt") Instant expiresAt) {

    @Override
    public String toString() {
        return "PendingLogin{returnPath=" + returnPath + '}';
    }
}
