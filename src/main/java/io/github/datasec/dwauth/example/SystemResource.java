package io.github.datasec.dwauth.example;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.Objects;

@Path("/api/v1/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {
    private final Map<String, String> version;

    public SystemResource(String name) {
        final String implementationVersion = SystemResource.class.getPackage().getImplementationVersion();
        this.version = Map.of("name", name, "version", Objects.requireNonNullElse(implementationVersion, "development"));
    }

    @GET
    @Path("/version")
    public Map<String, String> version() {
        return version;
    }
}
