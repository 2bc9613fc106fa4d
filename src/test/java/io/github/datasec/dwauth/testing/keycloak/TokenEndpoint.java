package io.github.datasec.dwauth.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A realm's OpenID Connect token endpoint, used for the resource owner password grant. */
final class TokenEndpoint {

    private final KeycloakHttp http;
    private final String baseUrl;

    TokenEndpoint(KeycloakHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    Tokens passwordGrant(String realm, String clientId, String username, String password) {
        URI uri = URI.create(baseUrl + "/realms/" + KeycloakHttp.segment(realm) + "/protocol/openid-connect/token");
        JsonNode body = http.postForm(uri, Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "username", username,
                "password", password,
                "scope", "openid"));
        return new Tokens(
                required(body, "access_token"),
                textOrNull(body, "id_token"),
                textOrNull(body, "refresh_token"),
                Duration.ofSeconds(body.path("expires_in").asLong()));
    }

    private static String required(JsonNode body, String field) {
        String value = textOrNull(body, field);
        if (value == null) {
            throw new IllegalStateException("Keycloak's token endpoint answered without " + field);
        }
        return value;
    }

    private static String textOrNull(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
