package io.github.datasec.dwauth.session;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.IOException;

/**
 * Chooses the credential of a request in confidential mode: an {@code Authorization} header always
 * goes to the bearer filter (an explicit token wins over an ambient cookie); otherwise a session cookie
 * goes to the session filter; a request with neither gets the bearer filter's 401.
 */
@Priority(Priorities.AUTHENTICATION)
final class CookieOrBearerFilter implements ContainerRequestFilter {
    private final ContainerRequestFilter bearer;
    private final SessionAuthFilter session;
    private final SessionCookies cookies;

    CookieOrBearerFilter(ContainerRequestFilter bearer, SessionAuthFilter session, SessionCookies cookies) {
        this.bearer = bearer;
        this.session = session;
        this.cookies = cookies;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION) || !cookies.hasSessionCookie(request)) {
            bearer.filter(request);
        } else {
            session.filter(request);
        }
    }
}
