package io.github.datasec.dwauth.testing.keycloak;

/** A running Keycloak that the kit started and must stop. */
interface KeycloakServer {

    /** The bootstrap administrator of realm {@code master}, the same on every kind of server. */
    String ADMIN_USERNAME = "admin";
    String ADMIN_PASSWORD = "admin";

    /** Where clients reach the server, without a trailing slash, e.g. {@code http://localhost:41234}. */
    String baseUrl();

    void stop();
}
