package io.github.datasec.dwauth.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Objects;

/**
 * {@code GET /api/v1/system/config/auth}: the public authentication settings, readable without a token
 * (the login page needs them before anyone is signed in). Deliberately carries no security annotation:
 * dropwizard-auth would demand a token for {@code @PermitAll}.
 */
@Path(AuthConfigResource.PATH)
public class AuthConfigResource {
    public static final String PATH = "/api/v1/system/config/auth";

    private final PublicAuthConfig config;

    public AuthConfigResource(PublicAuthConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Response.ok(config)
                .header(SecurityHeaders.CONTENT_TYPE_OPTIONS, "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }
}
