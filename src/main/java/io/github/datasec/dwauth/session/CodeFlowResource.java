package io.github.datasec.dwauth.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * OpenMetadata's confidential-mode endpoints: {@code login}, {@code refresh}, {@code logout}, and the
 * OpenID Connect back-channel logout the provider calls. The callback is served at the configured
 * callback path by {@link CallbackResource}.
 */
@Path(CodeFlowResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public final class CodeFlowResource {
    public static final String PATH = "/api/v1/auth";
    private static final Logger LOG = LoggerFactory.getLogger(CodeFlowResource.class);

    private final SignIn signIn;
    private final Sessions sessions;
    private final SessionCookies cookies;
    private final ProviderClient provider;
    private final LogoutTokenVerifier logoutTokens;
    private final SessionStore store;
    private final CodeFlowSettings settings;

    CodeFlowResource(SignIn signIn, Sessions sessions, SessionCookies cookies, ProviderClient provider,
                     LogoutTokenVerifier logoutTokens, SessionStore store, CodeFlowSettings settings) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.cookies = cookies;
        this.provider = provider;
        this.logoutTokens = logoutTokens;
        this.store = store;
        this.settings = settings;
    }

    /** The session's lifetimes, without any token. */
    public record SessionExpiry(@JsonProperty("accessTokenExpiresAt") Instant accessTokenExpiresAt,
                                @JsonProperty("expiresAt") Instant expiresAt) {
    }

    @GET
    @Path("/login")
    public Response login(@Context ContainerRequestContext request, @QueryParam("redirectUri") String redirectUri) {
        try {
            return signIn.start(request, redirectUri);
        } catch (SessionStoreUnavailableException e) {
            return SessionResponses.storeUnavailable();
        } catch (ProviderUnavailableException e) {
            LOG.warn("Sign-in could not start: {}", e.getMessage());
            return SessionResponses.providerUnavailable();
        }
    }

    @GET
    @Path("/refresh")
    public Response refresh(@Context ContainerRequestContext request) {
        try {
            final Optional<UserSession> session = sessions.refresh(cookies.session(request).orElse(""));
            if (session.isEmpty()) {
                return SessionResponses.json(401, "Session missing, expired or ended; sign in again")
                        .header(HttpHeaders.SET_COOKIE, cookies.clearSession(request)).build();
            }
            final UserSession live = session.get();
            return Response.ok(new SessionExpiry(live.accessTokenExpiresAt(), live.endsAt(settings.idleTimeout())))
                    .header(HttpHeaders.CACHE_CONTROL, SessionResponses.NO_STORE).build();
        } catch (SessionStoreUnavailableException e) {
            return SessionResponses.storeUnavailable();
        } catch (ProviderUnavailableException e) {
            return SessionResponses.providerUnavailable();
        }
    }

    /**
     * Ends the session everywhere, then sends the browser through the provider's end-session endpoint
     * so that the provider's own sign-in ends too, and back to this application's root.
     */
    @GET
    @Path("/logout")
    public Response logout(@Context ContainerRequestContext request) {
        final Optional<UserSession> ended;
        try {
            ended = sessions.end(cookies.session(request).orElse(""));
        } catch (SessionStoreUnavailableException e) {
            return SessionResponses.storeUnavailable();
        }
        final String home = settings.homeUrl();
        URI next = URI.create(home);
        try {
            final Optional<URI> endSession = provider.metadata().endSessionEndpoint();
            if (endSession.isPresent()) {
                final StringBuilder url = new StringBuilder(endSession.get().toString())
                        .append(endSession.get().getRawQuery() == null ? '?' : '&')
                        .append("client_id=").append(AuthorizationRequests.encode(settings.clientId()))
                        .append("&post_logout_redirect_uri=").append(AuthorizationRequests.encode(home));
                ended.map(UserSession::idToken).filter(t -> !t.isEmpty())
                        .ifPresent(idToken -> url.append("&id_token_hint=").append(AuthorizationRequests.encode(idToken)));
                next = URI.create(url.toString());
            }
        } catch (ProviderUnavailableException e) {
            LOG.warn("Signed out locally only: {}", e.getMessage());
        }
        return Response.seeOther(next)
                .header(HttpHeaders.SET_COOKIE, cookies.clearSession(request))
                .header(HttpHeaders.CACHE_CONTROL, SessionResponses.NO_STORE)
                .build();
    }

    /** OpenID Connect Back-Channel Logout 1.0: the provider ends a sign-in; every session it opened ends here. */
    @POST
    @Path("/backchannel-logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response backchannelLogout(@FormParam("logout_token") String logoutToken) {
        if (logoutToken == null || logoutToken.isEmpty() || logoutToken.length() > 16_384) {
            return backchannelError("logout_token is missing");
        }
        try {
            final JwtClaims claims = logoutTokens.verify(logoutToken);
            final String sid = claims.getStringClaimValue("sid");
            final int ended = sid != null && !sid.isBlank()
                    ? store.removeByProviderSession(sid) : store.removeBySubject(claims.getSubject());
            LOG.info("Back-channel logout ended {} session(s)", ended);
            return Response.ok().header(HttpHeaders.CACHE_CONTROL, SessionResponses.NO_STORE).build();
        } catch (ProviderTokenRejectedException e) {
            LOG.warn("Back-channel logout refused: {}", e.getMessage());
            return backchannelError(e.getMessage());
        } catch (MalformedClaimException e) {
            return backchannelError("logout_token has a malformed claim");
        } catch (SessionStoreUnavailableException e) {
            return SessionResponses.storeUnavailable();
        }
    }

    private static Response backchannelError(String description) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new BackchannelError("invalid_request", description))
                .header(HttpHeaders.CACHE_CONTROL, SessionResponses.NO_STORE).build();
    }

    /** Section 2.8: an error answer is 400 with an OAuth-style JSON body. */
    public record BackchannelError(@JsonProperty("error") String error,
                                   @JsonProperty("error_description") String description) {
    }
}
