package io.github.datasec.dwauth.principal;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Backs {@code @RolesAllowed}: a caller is in a role when its principal carries it. */
public final class RoleAuthorizer implements Authorizer<OidcPrincipal> {
    @Override
    public boolean authorize(OidcPrincipal principal, String role, ContainerRequestContext requestContext) {
        return principal.hasRole(role);
    }
}
