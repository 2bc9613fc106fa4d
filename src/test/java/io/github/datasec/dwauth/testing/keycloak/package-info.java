/**
 * A test kit that runs a real Keycloak for integration tests and talks to it.
 *
 * <p>{@link io.github.datasec.dwauth.testing.keycloak.KeycloakExtension} starts one Keycloak per
 * JVM (a container where a Docker engine runs, otherwise Keycloak's own distribution found at the
 * system property {@code keycloak.home}), imports realm files, and hands out URLs, tokens from
 * direct access grants and a {@link io.github.datasec.dwauth.testing.keycloak.KeycloakAdmin} for
 * changing realms while tests run.
 */
package io.github.datasec.dwauth.testing.keycloak;
