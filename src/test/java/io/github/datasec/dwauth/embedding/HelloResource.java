package io.github.datasec.dwauth.embedding;

import io.dropwizard.auth.Auth;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

@Path("/hello")
@Produces(MediaType.APPLICATION_JSON)
public class HelloResource {
    @GET
    @PermitAll
    public Map<String, String> hello(@Auth OidcPrincipal user) {
        return Map.of("hello", user.name());
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public Map<String, String> admin(@Auth OidcPrincipal admin) {
        return Map.of("admin", admin.name());
    }
}
