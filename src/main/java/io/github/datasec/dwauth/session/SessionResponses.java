package io.github.datasec.dwauth.session;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The confidential mode's error answers: JSON for the API (as Dropwizard writes errors), plain text
 * pages for the browser-facing sign-in steps. None of them ever echoes a token, code or cookie.
 */
final class SessionResponses {
    static final String NO_STORE = "no-store";

    private final String challenge;

    SessionResponses(String realm) {
        this.challenge = "Bearer realm=\"" + realm.replaceAll("[\"\\\\\\p{Cntrl}]", "") + "\", error=\"invalid_token\","
                + " error_description=\"session missing, expired or ended\"";
    }

    Response sessionRequired(String clearCookie) {
        return json(401, "Session missing, expired or ended; sign in again")
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .header(HttpHeaders.SET_COOKIE, clearCookie)
                .build();
    }

    static Response.ResponseBuilder json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorMessage(status, message))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }

    static Response crossSite() {
        return json(403, "Cross-site request refused: unsafe methods with the session cookie need a same-origin request").build();
    }

    static Response storeUnavailable() {
        return json(503, "Session store unavailable; try again shortly").header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    static Response providerUnavailable() {
        return json(503, "Identity provider unavailable; try again shortly").header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    /** A plain page for the browser: the sign-in did not complete, and why, in words only. */
    static Response.ResponseBuilder page(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("Sign-in failed: " + message + "\nStart again from the application's sign-in page.\n")
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
