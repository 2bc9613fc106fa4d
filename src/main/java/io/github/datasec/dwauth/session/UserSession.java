package io.github.datasec.dwauth.session;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * One signed-in browser, as kept on the server. {@code id} is the store's key: a hash of the cookie's
 * value, so the store never holds what a browser must present. The tokens never leave the server.
 *
 * @param providerSessionId the provider's session ({@code sid} of the ID token), for back-channel logout; may be empty
 * @param expiresAt         the absolute end ({@code sessionExpiry} after sign-in), whatever refreshes happen
 */
public record UserSession(
        @JsonProperty("id") String id,
        @JsonProperty("subject") String subject,
        @JsonProperty("providerSessionId") String providerSessionId,
        @JsonProperty("accessToken") String accessToken,
        @JsonProperty("accessTokenExpiresAt") Instant accessTokenExpiresAt,
        @JsonProperty("refreshToken") String refreshToken,
        @JsonProperty("idToken") String idToken,
        @JsonProperty("createdAt") Instant createdAt,
        @JsonProperty("lastSeenAt") Instant lastSeenAt,
        @JsonProperty("expiresAt") Instant expiresAt) {

    /** When the session ends if nothing uses it: the idle deadline or the absolute end, whichever comes first. */
    public Instant endsAt(Duration idleTimeout) {
        final Instant idleEnd = lastSeenAt.plus(idleTimeout);
        return idleEnd.isBefore(expiresAt) ? idleEnd : expiresAt;
    }

    public boolean isLiveAt(Instant now, Duration idleTimeout) {
        return now.isBefore(endsAt(idleTimeout));
    }

    public UserSession seenAt(Instant now) {
        return new UserSession(id, subject, providerSessionId, accessToken, accessTokenExpiresAt, refreshToken, idToken,
                createdAt, now, expiresAt);
    }

    public UserSession withTokens(String newAccessToken, Instant newAccessTokenExpiresAt, String newRefreshToken, String newIdToken) {
        return new UserSession(id, subject, providerSessionId, newAccessToken, newAccessTokenExpiresAt, newRefreshToken,
                newIdToken, createdAt, lastSeenAt, expiresAt);
    }

    /** Never the tokens: a session printed in a log or an exception gives nothing away. */
    @Override
    public String toString() {
        return "UserSession{subject=" + subject + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + '}';
    }
}
