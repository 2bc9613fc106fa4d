package io.github.datasec.dwauth.example;

import io.dropwizard.auth.Auth;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @GET
    @Path("/ping")
    @RolesAllowed(OidcPrincipal.ADMIN_ROLE)
    public Map<String, String> ping(@Auth OidcPrincipal admin) {
        return Map.of("status", "pong", "admin", admin.name());
    }

    /** The same answer to an unsafe method, which a session cookie may only send from this application's own pages. */
    @POST
    @Path("/ping")
    @RolesAllowed(OidcPrincipal.ADMIN_ROLE)
    public Map<String, String> pingByPost(@Auth OidcPrincipal admin) {
        return ping(admin);
    }
}
