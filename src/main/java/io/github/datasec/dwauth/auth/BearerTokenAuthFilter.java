package io.github.datasec.dwauth.auth;

import io.dropwizard.auth.AuthFilter;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;
import java.util.Optional;

/**
 * dropwizard-auth's filter for bearer tokens, stricter than {@code OAuthCredentialAuthFilter}:
 * the token comes only from one {@code Authorization} header (scheme case-insensitive); a second
 * header, or a header plus an {@code access_token} query parameter, is a 400
 * {@code invalid_request}, and a query parameter alone is refused (RFC 6750 sections 2 and 3.1,
 * RFC 9700 section 4.3.2: query strings end up in logs and Referer headers).
 * Each 401 names the rule that failed.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenAuthFilter extends AuthFilter<OidcPrincipal, OidcPrincipal> {
    private static final String SCHEME = "Bearer";
    private static final String QUERY_PARAMETER = "access_token";

    private final TokenAuthenticator tokens;
    private final BearerChallenges challenges;

    BearerTokenAuthFilter(TokenAuthenticator tokens, String realm) {
        this.tokens = tokens;
        this.challenges = new BearerChallenges(realm);
        this.prefix = SCHEME;
        this.realm = realm;
        // The token is verified before AuthFilter#authenticate runs; it only installs the principal.
        this.authenticator = Optional::of;
        this.authorizer = new io.github.datasec.dwauth.principal.RoleAuthorizer();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        final List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        final boolean tokenInQuery = hasQueryToken(request);
        if (headers != null && headers.size() > 1) {
            request.abortWith(challenges.invalidRequest("Send exactly one Authorization header"));
            return;
        }
        if (tokenInQuery) {
            request.abortWith(challenges.invalidRequest(headers == null
                    ? "Tokens in the query string are not accepted; use the Authorization header"
                    : "Send the token in the Authorization header only"));
            return;
        }
        final String token = headers == null ? null : bearerToken(headers.get(0));
        if (token == null) {
            request.abortWith(challenges.unauthorized(RejectionReason.MISSING));
            return;
        }
        final OidcPrincipal principal;
        try {
            principal = tokens.authenticateOrReject(token);
        } catch (TokenRejectedException e) {
            request.abortWith(challenges.unauthorized(e.reason()));
            return;
        }
        authenticate(request, principal, SCHEME);
    }

    private static boolean hasQueryToken(ContainerRequestContext request) {
        final String query = request.getUriInfo().getRequestUri().getRawQuery();
        return query != null && query.contains(QUERY_PARAMETER)
                && request.getUriInfo().getQueryParameters().containsKey(QUERY_PARAMETER);
    }

    private static String bearerToken(String header) {
        final int space = header.indexOf(' ');
        if (space <= 0 || !header.regionMatches(true, 0, SCHEME, 0, space) || space != SCHEME.length()) {
            return null;
        }
        final String token = header.substring(space + 1).trim();
        return token.isEmpty() ? null : token;
    }
}
