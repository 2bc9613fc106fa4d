package io.github.datasec.dwauth.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * Authorised calls to Keycloak's Admin REST API as the bootstrap administrator of realm
 * {@code master}. The admin token is reused until shortly before it expires, and fetched again
 * once if Keycloak rejects it anyway (for example after a restart of the session store).
 */
final class AdminSession {

    private static final String ADMIN_CLIENT = "admin-cli";
    private static final int EXPIRY_MARGIN_SECONDS = 10;

    private final KeycloakHttp http;
    private final String baseUrl;
    private final TokenEndpoint tokenEndpoint;
    private final String username;
    private final String password;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    AdminSession(KeycloakHttp http, String baseUrl, String username, String password) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.tokenEndpoint = new TokenEndpoint(http, baseUrl);
        this.username = username;
        this.password = password;
    }

    JsonNode get(String path) {
        return http.readTree(call("GET", path, null).body());
    }

    /**
     * Posts a JSON body and returns the id at the end of the {@code Location} header, which is how
     * Keycloak names what it just created; {@code null} when the answer has no such header.
     */
    String post(String path, Object body) {
        return call("POST", path, body).headers().firstValue("Location")
                .map(location -> location.substring(location.lastIndexOf('/') + 1))
                .orElse(null);
    }

    void put(String path, Object body) {
        call("PUT", path, body);
    }

    void delete(String path) {
        call("DELETE", path, null);
    }

    private HttpResponse<String> call(String method, String path, Object body) {
        HttpResponse<String> response = http.exchange(request(method, path, body, token()));
        if (response.statusCode() == 401) {
            forgetToken();
            response = http.exchange(request(method, path, body, token()));
        }
        return KeycloakHttp.requireSuccess(response);
    }

    private HttpRequest request(String method, String path, Object body, String bearer) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String json ? json : http.write(body));
        return HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .timeout(KeycloakHttp.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, publisher)
                .build();
    }

    private synchronized String token() {
        if (token == null || Instant.now().isAfter(tokenExpiry)) {
            Tokens tokens = tokenEndpoint.passwordGrant("master", ADMIN_CLIENT, username, password);
            token = tokens.accessToken();
            tokenExpiry = Instant.now().plus(tokens.expiresIn()).minusSeconds(EXPIRY_MARGIN_SECONDS);
        }
        return token;
    }

    private synchronized void forgetToken() {
        token = null;
    }
}
