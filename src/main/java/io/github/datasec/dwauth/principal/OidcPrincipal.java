package io.github.datasec.dwauth.principal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.security.Principal;
import java.util.Set;

/**
 * The authenticated caller: OpenMetadata's user name and email, the token's subject, and roles
 * ({@code admin} for admins, plus the provider's roles when {@code useRolesFromProvider} is on).
 */
@JsonPropertyOrder({"name", "email", "isAdmin", "roles"})
public record OidcPrincipal(
        @JsonProperty("name") String name,
        @JsonProperty("email") String email,
        @JsonIgnore String subject,
        @JsonProperty("roles") Set<String> roles,
        @JsonProperty("isAdmin") boolean admin) implements Principal {

    public static final String ADMIN_ROLE = "admin";

    public OidcPrincipal {
        roles = Set.copyOf(roles);
    }

    @Override
    @JsonIgnore
    public String getName() {
        return name;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
