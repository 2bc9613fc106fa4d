package io.github.datasec.dwauth.session;

import java.time.Instant;

/** A successful token endpoint answer. {@code refreshToken} and {@code idToken} may be empty (a refresh may omit them). */
record TokenResponse(String accessToken, Instant accessTokenExpiresAt, String refreshToken, String idToken) {

    @Override
    public String toString() {
        return "TokenResponse{accessTokenExpiresAt=" + accessTokenExpiresAt + '}';
    }
}
