package io.github.datasec.dwauth.web;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.DpopMode;
import io.github.datasec.dwauth.dpop.RequestTarget;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * {@code GET /.well-known/oauth-protected-resource} (RFC 9728): which authorization server issues
 * tokens for this API, that tokens go in the Authorization header, and what DPoP it takes. The
 * resource is the application's external origin, the same one DPoP proofs must name.
 */
@Path("/.well-known/oauth-protected-resource")
@Produces(MediaType.APPLICATION_JSON)
public final class ProtectedResourceMetadataResource {
    private final RequestTarget target;
    private final List<String> authorizationServers;
    private final List<String> dpopAlgorithms;
    private final Boolean dpopRequired;

    public ProtectedResourceMetadataResource(AuthenticationConfiguration config) {
        final DpopMode mode = config.getTokenValidation().getDpop();
        this.target = new RequestTarget(config.getDpop());
        this.authorizationServers = List.of(config.getAuthority().trim());
        this.dpopAlgorithms = mode.offered() ? List.copyOf(config.getDpop().getAlgorithms()) : null;
        this.dpopRequired = mode.offered() ? mode == DpopMode.REQUIRED : null;
    }

    @GET
    public ProtectedResourceMetadata metadata(@Context UriInfo uri, @Context HttpHeaders headers) {
        return new ProtectedResourceMetadata(target.originOf(uri.getRequestUri(), headers::getHeaderString),
                authorizationServers, List.of("header"), dpopAlgorithms, dpopRequired);
    }
}
