package io.github.datasec.dwauth.auth;

import io.dropwizard.auth.AuthFilter;
import io.github.datasec.dwauth.config.DpopMode;
import io.github.datasec.dwauth.dpop.DpopProof;
import io.github.datasec.dwauth.dpop.DpopVerifier;
import io.github.datasec.dwauth.dpop.ProofRejectedException;
import io.github.datasec.dwauth.dpop.ProofRejection;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

/**
 * dropwizard-auth's filter for access tokens, stricter than {@code OAuthCredentialAuthFilter}:
 * the token comes only from one {@code Authorization} header (scheme case-insensitive); a second
 * header, or a header plus an {@code access_token} query parameter, is a 400
 * {@code invalid_request}, and a query parameter alone is refused (RFC 6750 sections 2 and 3.1,
 * RFC 9700 section 4.3.2: query strings end up in logs and Referer headers).
 *
 * <p>With DPoP on, {@code Authorization: DPoP <token>} must come with exactly one {@code DPoP} proof
 * (RFC 9449): the proof is checked before the token, the token's {@code cnf.jkt} after it, and a
 * cached token is held to the same proof as a new one. A bound token sent as {@code Bearer} is
 * refused (section 7.1). Each 401 names the rule that failed.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenAuthFilter extends AuthFilter<OidcPrincipal, OidcPrincipal> {
    private static final String SCHEME = "Bearer";
    private static final String DPOP_SCHEME = "DPoP";
    private static final String PROOF_HEADER = "DPoP";
    private static final String QUERY_PARAMETER = "access_token";

    private final TokenAuthenticator tokens;
    private final BearerChallenges challenges;
    private final DpopMode mode;
    private final DpopVerifier dpop;
    private final DpopChallenges dpopChallenges;

    BearerTokenAuthFilter(TokenAuthenticator tokens, String realm, DpopMode mode, DpopVerifier dpop) {
        this.tokens = tokens;
        this.challenges = new BearerChallenges(realm);
        this.mode = mode;
        this.dpop = mode.offered() ? dpop : null;
        this.dpopChallenges = this.dpop == null ? null : new DpopChallenges(this.dpop);
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
        final String header = headers == null ? null : headers.get(0);
        final String dpopToken = dpop == null || header == null ? null : tokenOf(header, DPOP_SCHEME);
        if (dpopToken != null) {
            filterDpop(request, dpopToken);
            return;
        }
        if (mode == DpopMode.REQUIRED) {
            abortDpop(request, dpop.rejected(ProofRejection.DPOP_REQUIRED));
            return;
        }
        final String token = header == null ? null : tokenOf(header, SCHEME);
        if (token == null) {
            abortBearer(request, RejectionReason.MISSING);
            return;
        }
        final OidcPrincipal principal;
        try {
            principal = tokens.authenticateOrReject(token);
        } catch (TokenRejectedException e) {
            abortBearer(request, e.reason());
            return;
        }
        authenticate(request, principal, SCHEME);
    }

    private void filterDpop(ContainerRequestContext request, String token) {
        final BoundPrincipal caller;
        try {
            final DpopProof proof = dpop.verifyProof(request.getHeaders().get(PROOF_HEADER), request.getMethod(),
                    dpop.target().htuOf(request), token);
            try {
                caller = tokens.verifyOrReject(token);
            } catch (TokenRejectedException e) {
                request.abortWith(dpopChallenges.unauthorized(request, "invalid_token", e.reason().description()));
                return;
            }
            dpop.confirm(proof, caller.boundKeyThumbprint());
        } catch (ProofRejectedException e) {
            abortDpop(request, e);
            return;
        }
        tokens.countAccepted();
        authenticate(request, caller.principal(), DPOP_SCHEME);
    }

    private void abortBearer(ContainerRequestContext request, RejectionReason reason) {
        final Response refusal = challenges.unauthorized(reason);
        request.abortWith(dpopChallenges == null ? refusal
                : Response.fromResponse(refusal).header(HttpHeaders.WWW_AUTHENTICATE, dpopChallenges.offer(request)).build());
    }

    private void abortDpop(ContainerRequestContext request, ProofRejectedException rejection) {
        request.abortWith(dpopChallenges.unauthorized(request, rejection.reason().error(), rejection.reason().description()));
    }

    private static boolean hasQueryToken(ContainerRequestContext request) {
        final String query = request.getUriInfo().getRequestUri().getRawQuery();
        // Only the raw query is cheap to look at; a percent-escape can spell the name (access%5Ftoken), so then decode.
        return query != null && (query.contains(QUERY_PARAMETER) || query.indexOf('%') >= 0)
                && request.getUriInfo().getQueryParameters().containsKey(QUERY_PARAMETER);
    }

    private static String tokenOf(String header, String scheme) {
        final int space = header.indexOf(' ');
        if (space <= 0 || !header.regionMatches(true, 0, scheme, 0, space) || space != scheme.length()) {
            return null;
        }
        final String token = header.substring(space + 1).trim();
        return token.isEmpty() ? null : token;
    }
}
