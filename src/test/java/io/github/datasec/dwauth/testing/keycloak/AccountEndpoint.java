package io.github.datasec.dwauth.testing.keycloak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * A realm's Account REST API ({@code /realms/{realm}/account/}), the one behind Keycloak's Account
 * Console, called as the user whose access token it is: what any user can do to their own profile.
 */
final class AccountEndpoint {

    private final KeycloakHttp http;
    private final String baseUrl;

    AccountEndpoint(KeycloakHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** Reads the user's profile and posts it back with another email, as the Account Console does. */
    void updateEmail(String realm, String accessToken, String email) {
        URI uri = URI.create(baseUrl + "/realms/" + KeycloakHttp.segment(realm) + "/account/");
        ObjectNode profile = (ObjectNode) http.readTree(http.send(request(uri, accessToken).GET().build()).body());
        profile.put("email", email);
        http.send(request(uri, accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(http.write(profile)))
                .build());
    }

    private static HttpRequest.Builder request(URI uri, String accessToken) {
        return HttpRequest.newBuilder(uri)
                .timeout(KeycloakHttp.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json");
    }
}
