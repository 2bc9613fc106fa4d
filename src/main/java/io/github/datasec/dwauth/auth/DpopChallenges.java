package io.github.datasec.dwauth.auth;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.github.datasec.dwauth.dpop.DpopVerifier;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9449 section 7.1 challenges, {@code WWW-Authenticate: DPoP algs="...", error="..."}, each with
 * the RFC 9728 {@code resource_metadata} address, and a fresh {@code DPoP-Nonce} when nonces are on.
 */
final class DpopChallenges {
    static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
    private static final String NONCE_HEADER = "DPoP-Nonce";

    private final DpopVerifier dpop;
    private final String algs;

    DpopChallenges(DpopVerifier dpop) {
        this.dpop = dpop;
        this.algs = String.join(" ", dpop.algorithms());
    }

    /** The bare offer, added beside a Bearer challenge where both schemes are accepted. */
    String offer(ContainerRequestContext request) {
        return "DPoP algs=\"" + algs + "\", resource_metadata=\"" + metadataUrl(request) + "\"";
    }

    Response unauthorized(ContainerRequestContext request, String error, String description) {
        final Response.ResponseBuilder response = Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "DPoP algs=\"" + algs + "\", error=\"" + error
                        + "\", error_description=\"" + description + "\", resource_metadata=\"" + metadataUrl(request) + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(401, description));
        final String nonce = dpop.currentNonce();
        return nonce == null ? response.build() : response.header(NONCE_HEADER, nonce).build();
    }

    // The origin can come from the Host header; nothing in it may break out of the quoted value.
    private String metadataUrl(ContainerRequestContext request) {
        return (dpop.target().originOf(request) + METADATA_PATH).replaceAll("[\"\\\\\\p{Cntrl}\\s]", "");
    }
}
