package io.github.datasec.dwauth.auth;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.github.datasec.dwauth.jwt.RejectionReason;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.EnumMap;
import java.util.Map;

/**
 * RFC 6750 error responses, prepared once: {@code WWW-Authenticate: Bearer realm=..., error=...}
 * and Dropwizard's JSON error body. They name the failed rule, never the token.
 */
final class BearerChallenges {
    private final Map<RejectionReason, String> challenges = new EnumMap<>(RejectionReason.class);
    private final Map<RejectionReason, ErrorMessage> bodies = new EnumMap<>(RejectionReason.class);
    private final String realm;

    BearerChallenges(String realm) {
        this.realm = realm.replaceAll("[\"\\\\\\p{Cntrl}]", "");
        for (RejectionReason reason : RejectionReason.values()) {
            challenges.put(reason, challenge("invalid_token", reason.description()));
            bodies.put(reason, new ErrorMessage(401, reason.description()));
        }
    }

    Response unauthorized(RejectionReason reason) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenges.get(reason))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(bodies.get(reason))
                .build();
    }

    Response invalidRequest(String description) {
        return Response.status(Response.Status.BAD_REQUEST)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge("invalid_request", description))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(400, description))
                .build();
    }

    private String challenge(String error, String description) {
        return "Bearer realm=\"" + realm + "\", error=\"" + error + "\", error_description=\"" + description + "\"";
    }
}
