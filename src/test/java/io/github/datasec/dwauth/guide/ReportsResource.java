package io.github.datasec.dwauth.guide;

import io.dropwizard.auth.Auth;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    @GET
    @Path("/quarterly")
    @RolesAllowed("admin")
    public Map<String, String> quarterly(@Auth OidcPrincipal user) {
        return Map.of("report", "quarterly", "preparedFor", user.name());
    }

    @GET
    @Path("/summary")
    @PermitAll
    public Map<String, String> summary(@Auth OidcPrincipal user) {
        return Map.of("report", "summary", "preparedFor", user.name());
    }
}
