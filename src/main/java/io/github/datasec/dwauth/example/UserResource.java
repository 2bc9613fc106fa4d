package io.github.datasec.dwauth.example;

import io.dropwizard.auth.Auth;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    /** The caller as {@code {name, email, isAdmin, roles}}. */
    @GET
    @Path("/loggedInUser")
    @PermitAll
    public OidcPrincipal loggedInUser(@Auth OidcPrincipal user) {
        return user;
    }
}
