package io.github.datasec.dwauth.testing.keycloak;

import java.time.Duration;
import java.util.Objects;

/**
 * The tokens of one successful grant at a Keycloak token endpoint.
 *
 * <p>{@link #toString()} leaves the tokens out, so a failed assertion or a log line never prints
 * a usable credential.
 *
 * @param accessToken the access token (a JWT with {@code typ: Bearer})
 * @param idToken the ID token, or {@code null} when the grant did not ask for scope {@code openid}
 * @param refreshToken the refresh token, or {@code null} when Keycloak issued none
 * @param expiresIn how long the access token lives, as Keycloak announced it
 */
public record Tokens(String accessToken, String idToken, String refreshToken, Duration expiresIn) {

    public Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }

    @Override
    public String toString() {
        return "Tokens[accessToken=<redacted>, idToken=" + (idToken == null ? "none" : "<redacted>")
                + ", refreshToken=" + (refreshToken == null ? "none" : "<redacted>")
                + ", expiresIn=" + expiresIn + "]";
    }
}
