package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.auth.TokenAuthenticator;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two halves of the authorization code flow. {@link #start} remembers a fresh state, nonce and PKCE
 * verifier under the state, binds them to this browser with the sign-in cookie, and sends the browser to
 * the provider. {@link #finish} takes that state back exactly once, from the same browser, checks the
 * RFC 9207 {@code iss}, exchanges the code with the client secret, checks the ID token and the access
 * token, and only then opens a session under a new reference (never one the browser brought along).
 */
final class SignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    private static final Pattern OAUTH_ERROR = Pattern.compile("[a-z_]{1,64}");

    private final CodeFlowSettings settings;
    private final SessionStore store;
    private final ProviderClient provider;
    private final IdTokenVerifier idTokens;
    private final TokenAuthenticator accessTokens;
    private final Sessions sessions;
    private final SessionCookies cookies;
    private final ReturnPaths returnPaths;
    private final AuthorizationRequests authorizationRequests;
    private final Clock clock;

    SignIn(CodeFlowSettings settings, SessionStore store, ProviderClient provider, IdTokenVerifier idTokens,
           TokenAuthenticator accessTokens, Sessions sessions, SessionCookies cookies, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.provider = provider;
        this.idTokens = idTokens;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
        this.cookies = cookies;
        this.returnPaths = new ReturnPaths(settings.serverOrigin());
        this.authorizationRequests = new AuthorizationRequests(settings);
        this.clock = clock;
    }

    Response start(ContainerRequestContext request, String redirectUri) throws ProviderUnavailableException {
        final Optional<String> returnPath = returnPaths.accept(redirectUri);
        if (returnPath.isEmpty()) {
            return SessionResponses.json(400, "redirectUri must be a path or URL on this application's own origin").build();
        }
        final ProviderMetadata metadata = provider.metadata();
        final String binding = cookies.login(request).filter(RandomValues::looksGenerated).orElseGet(RandomValues::next);
        final String state = RandomValues.next();
        final PendingLogin login = new PendingLogin(RandomValues.hash(binding),
                settings.usePkce() ? RandomValues.next() : "",
                settings.useNonce() ? RandomValues.next() : "",
                returnPath.get(),
                clock.instant().plus(SessionCookies.LOGIN_LIFETIME));
        store.savePendingLogin(state, login);
        return Response.seeOther(authorizationRequests.build(metadata.authorizationEndpoint(), state, login))
                .header(HttpHeaders.SET_COOKIE, cookies.setLogin(request, binding))
                .header(HttpHeaders.CACHE_CONTROL, SessionResponses.NO_STORE)
                .build();
    }

    Response finish(ContainerRequestContext request) throws ProviderUnavailableException {
        final MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        if (List.of("state", "code", "iss", "error").stream().anyMatch(name -> size(query, name) > 1)) {
            return SessionResponses.page(400, "the callback repeats a parameter").build();
        }
        final String state = query.getFirst("state");
        if (!RandomValues.looksGenerated(state)) {
            return SessionResponses.page(400, "the callback has no valid state").build();
        }
        final Optional<PendingLogin> pending = store.takePendingLogin(state);
        if (pending.isEmpty()) {
            return SessionResponses.page(400, "this sign-in is unknown, expired or already completed").build();
        }
        final String binding = cookies.login(request).orElse("");
        if (!RandomValues.looksGenerated(binding) || !RandomValues.sameHash(RandomValues.hash(binding), pending.get().browserBinding())) {
            return SessionResponses.page(400, "this sign-in was started in another browser").build();
        }
        final String error = query.getFirst("error");
        if (error != null) {
            return SessionResponses.page(400, "the provider answered "
                    + (OAUTH_ERROR.matcher(error).matches() ? error : "an error")).build();
        }
        final ProviderMetadata metadata = provider.metadata();
        final String iss = query.getFirst("iss");
        if ((iss == null && metadata.issParameterSupported()) || (iss != null && !iss.equals(metadata.issuer()))) {
            return SessionResponses.page(400, "the response does not come from the configured provider (iss)").build();
        }
        final String code = query.getFirst("code");
        if (code == null || code.isEmpty() || code.length() > 4096) {
            return SessionResponses.page(400, "the callback has no code").build();
        }
        return exchange(request, code, pending.get());
    }

    private Response exchange(ContainerRequestContext request, String code, PendingLogin login) throws ProviderUnavailableException {
        final TokenResponse tokens;
        final JwtClaims idClaims;
        try {
            tokens = provider.exchangeCode(code, login.codeVerifier());
            if (tokens.idToken().isEmpty()) {
                return SessionResponses.page(401, "the provider sent no ID token").build();
            }
            idClaims = idTokens.verify(tokens.idToken(), login.nonce(), tokens.accessToken());
            accessTokens.authenticateOrReject(tokens.accessToken());
        } catch (ProviderRefusedException e) {
            return SessionResponses.page(401, "the provider refused the code (" + e.error() + ")").build();
        } catch (ProviderTokenRejectedException e) {
            LOG.warn("Sign-in refused: {}", e.getMessage());
            return SessionResponses.page(401, e.getMessage()).build();
        } catch (TokenRejectedException e) {
            LOG.warn("Sign-in refused: the access token failed verification ({})", e.reason());
            return SessionResponses.page(401, "the access token is not accepted by this application").build();
        }
        final String subject;
        final String providerSession;
        try {
            subject = idClaims.getSubject();
            providerSession = Optional.ofNullable(idClaims.getStringClaimValue("sid")).orElse("");
        } catch (MalformedClaimException e) {
            return SessionResponses.page(401, "the ID token has a malformed sub or sid").build();
        }
        cookies.session(request).ifPresent(sessions::end);
        final String reference = sessions.open(tokens, subject, providerSession);
        return Response.seeOther(URI.create(login.returnPath()))
                .header(HttpHeaders.SET_COOKIE, cookies.setSession(request, reference))
                .header(HttpHeaders.SET_COOKIE, cookies.clearLogin(request))
                .header(HttpHeaders.CACHE_CONTROL, SessionResponses.NO_STORE)
                .build();
    }

    private static int size(MultivaluedMap<String, String> query, String name) {
        final List<String> values = query.get(name);
        return values == null ? 0 : values.size();
    }
}
