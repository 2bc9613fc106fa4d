package io.github.datasec.dwauth.session;

import io.dropwizard.auth.AuthFilter;
import io.github.datasec.dwauth.auth.TokenAuthenticator;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.principal.RoleAuthorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.Optional;

/**
 * The session cookie as a credential: the CSRF rule first, then the session from the store (renewed
 * when its access token is about to expire), then that access token through the same authenticator
 * as a bearer token, so the principal, its roles and every verification rule are the same. A store
 * that cannot answer gives 503: a session that could not be checked is never accepted.
 */
final class SessionAuthFilter extends AuthFilter<OidcPrincipal, OidcPrincipal> {
    static final String SCHEME = "Session";

    private final Sessions sessions;
    private final SessionCookies cookies;
    private final SameOriginRule sameOrigin;
    private final TokenAuthenticator tokens;
    private final SessionResponses responses;

    SessionAuthFilter(Sessions sessions, SessionCookies cookies, SameOriginRule sameOrigin, TokenAuthenticator tokens,
                      String realm) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.sameOrigin = sameOrigin;
        this.tokens = tokens;
        this.responses = new SessionResponses(realm);
        this.prefix = SCHEME;
        this.realm = realm;
        this.authenticator = Optional::of;
        this.authorizer = new RoleAuthorizer();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!sameOrigin.allows(request)) {
            request.abortWith(SessionResponses.crossSite());
            return;
        }
        final Optional<UserSession> session;
        try {
            session = sessions.current(cookies.session(request).orElse(""));
        } catch (SessionStoreUnavailableException e) {
            request.abortWith(SessionResponses.storeUnavailable());
            return;
        } catch (ProviderUnavailableException e) {
            request.abortWith(SessionResponses.providerUnavailable());
            return;
        }
        if (session.isEmpty()) {
            request.abortWith(responses.sessionRequired(cookies.clearSession(request)));
            return;
        }
        final OidcPrincipal principal;
        try {
            principal = tokens.authenticateOrReject(session.get().accessToken());
        } catch (TokenRejectedException e) {
            request.abortWith(responses.sessionRequired(cookies.clearSession(request)));
            return;
        }
        authenticate(request, principal, SCHEME);
    }
}
