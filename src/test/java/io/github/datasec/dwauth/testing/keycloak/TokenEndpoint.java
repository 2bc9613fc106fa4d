package io.github.datasec.dwauth.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.datasec.dwauth.testing.dpop.DpopKey;
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
        return passwordGrant(realm, clientId, username, password, null);
    }

    /** With {@code dpopKey} not null, the request carries a proof of it and Keycloak binds the tokens to the key. */
    Tokens passwordGrant(String realm, String clientId, String username, String password, DpopKey dpopKey) {
        URI uri = URI.create(baseUrl + "/realms/" + KeycloakHttp.segment(realm) + "/protocol/openid-connect/token");
        Map<String, String> fields = Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "username", username,
                "password", password,
                "scope", "openid");
        JsonNode body = dpopKey == null ? http.postForm(uri, fields)
                : http.postForm(uri, fields, Map.of("DPoP", dpopKey.proof("POST", uri.toString()).sign()));
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
