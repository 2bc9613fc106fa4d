package io.github.datasec.dwauth.auth;

import io.dropwizard.util.Duration;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.DpopMode;
import io.github.datasec.dwauth.dpop.DpopMetrics;
import io.github.datasec.dwauth.dpop.ProofRejection;
import io.github.datasec.dwauth.dpop.ReplayCache;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.dpop.DpopKey;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Authorization: DPoP} through the bearer filter (RFC 9449 sections 4.3 and 7): each rule
 * of proof verification has a proof that breaks only it, answered with its own challenge and
 * meter. Driven with Jersey's own request object, as {@link BearerTokenAuthFilterTest} is.
 */
class DpopFilterTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static final String URL = "http://localhost/api/v1/users/loggedInUser";
    private static final String ALGS = "ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA";
    private static final String METADATA = "http://localhost/.well-known/oauth-protected-resource";

    private final DpopKey key = DpopKey.generate();
    private final String token = ISSUER.token().username("alice").boundTo(key.thumbprint()).sign();
    private IssuerAuthentication bundle;
    private BearerTokenAuthFilter filter;

    @AfterEach
    void close() {
        if (bundle != null) {
            bundle.close();
        }
    }

    @Test
    void acceptsABoundTokenWithAProofOfItsKey() {
        wire(config -> { });
        final ContainerRequest request = dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign());

        filter.filter(request);

        assertThat(request.getAbortResponse()).isNull();
        assertThat(request.getSecurityContext().getUserPrincipal()).isInstanceOfSatisfying(OidcPrincipal.class,
                principal -> assertThat(principal.name()).isEqualTo("alice"));
        assertThat(request.getSecurityContext().getAuthenticationScheme()).isEqualTo("DPoP");
        assertThat(bundle.meterCount("oidc-auth.dpop.accepted")).isEqualTo(1);
        assertThat(bundle.meterCount("oidc-auth.accepted")).isEqualTo(1);
    }

    @Test
    void aCachedBoundTokenStillNeedsAFreshProofOnEveryRequest() {
        wire(config -> { });
        for (int i = 0; i < 3; i++) {
            final ContainerRequest request = dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign());
            filter.filter(request);
            assertThat(request.getAbortResponse()).isNull();
        }

        assertRefused(dpopRequest("GET", URL, token), ProofRejection.MISSING_PROOF);
        assertRefused(dpopRequest("GET", URL, token, DpopKey.generate().proof("GET", URL).accessToken(token).sign()),
                ProofRejection.KEY_MISMATCH);
    }

    @Test
    void refusesABoundTokenSentAsBearerEvenWithAValidProof() {
        wire(config -> { });
        final ContainerRequest request = request("GET", URL, "Bearer " + token);
        request.header("DPoP", key.proof("GET", URL).accessToken(token).sign());

        final Response response = refused(request);

        assertThat(response.getStringHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"test\","
                + " error=\"invalid_token\", error_description=\"Token is bound to a DPoP key; send it with the DPoP scheme and a proof\"");
        assertThat(bundle.meterCount("oidc-auth.rejected.bound-to-key")).isEqualTo(1);
    }

    @Test
    void refusesAProofForAnotherMethod() {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, key.proof("POST", URL).accessToken(token).sign()), ProofRejection.WRONG_METHOD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/api/v1/admin/ping", "https://localhost/api/v1/users/loggedInUser",
            "http://localhost:8080/api/v1/users/loggedInUser", "http://evil.example/api/v1/users/loggedInUser",
            "http://localhost/api/v1/users/loggedInUser?x=1", "http://localhost/api/v1/users/loggedInUser#f",
            "/api/v1/users/loggedInUser", "not a uri"})
    void refusesAProofForAnotherUri(String htu) {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", htu).accessToken(token).sign()), ProofRejection.WRONG_URI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP://LOCALHOST/api/v1/users/loggedInUser", "http://localhost:80/api/v1/users/loggedInUser",
            "http://localhost/api/v1/users/%6CoggedInUser", "http://localhost/api/v1/./users/../users/loggedInUser"})
    void comparesTheUriAfterNormalisation(String htu) {
        wire(config -> { });
        final ContainerRequest request = dpopRequest("GET", URL + "?with=query", token, key.proof("GET", htu).accessToken(token).sign());

        filter.filter(request);

        assertThat(request.getAbortResponse()).isNull();
    }

    @Test
    void refusesAProofForAnotherTokenOrWithoutTokenHash() {
        wire(config -> { });
        final String other = ISSUER.token().username("alice").boundTo(key.thumbprint()).claim("jti", "other").sign();

        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(other).sign()), ProofRejection.WRONG_TOKEN_HASH);
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).sign()), ProofRejection.WRONG_TOKEN_HASH);
    }

    @Test
    void refusesStaleAndFutureProofs() {
        wire(config -> { });
        final Instant now = Instant.now();

        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).issuedAt(now.minusSeconds(120)).sign()),
                ProofRejection.OUTSIDE_TIME_WINDOW);
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).issuedAt(now.plusSeconds(60)).sign()),
                ProofRejection.OUTSIDE_TIME_WINDOW);
    }

    @Test
    void acceptsAProofIssuedWithinTheWindowAndSkew() {
        wire(config -> { });
        final Instant now = Instant.now();
        for (Instant iat : List.of(now.minusSeconds(80), now.plusSeconds(20))) {
            final ContainerRequest request = dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).issuedAt(iat).sign());
            filter.filter(request);
            assertThat(request.getAbortResponse()).as("iat %s", iat).isNull();
        }
    }

    @Test
    void refusesAReplayedProof() {
        wire(config -> { });
        final String proof = key.proof("GET", URL).accessToken(token).sign();
        filter.filter(dpopRequest("GET", URL, token, proof));

        final Response response = assertRefused(dpopRequest("GET", URL, token, proof), ProofRejection.REPLAYED);

        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("DPoP algs=\"" + ALGS + "\","
                + " error=\"invalid_dpop_proof\", error_description=\"DPoP proof was already used\", resource_metadata=\"" + METADATA + "\"");
    }

    @Test
    void aProofWhoseJtiWasSpentOnlyAfterTheTokenCheckCanStillBeUsedIfTheTokenWasBad() {
        wire(config -> { });
        final String proof = key.proof("GET", URL).accessToken("forged.token.value").sign();

        assertThat(refused(dpopRequest("GET", URL, "forged.token.value", proof)).getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                .contains("error=\"invalid_token\"");
        assertThat(bundle.meterCount(meterOf(ProofRejection.REPLAYED))).isZero();
    }

    @Test
    void refusesAProofSignedByAnotherKeyThanItsJwkShows() throws Exception {
        wire(config -> { });
        final String proof = key.proof("GET", URL).accessToken(token).signedWith(EcJwkGenerator.generateJwk(EllipticCurves.P256), "ES256").sign();

        assertRefused(dpopRequest("GET", URL, token, proof), ProofRejection.BAD_SIGNATURE);
    }

    @Test
    void refusesAValidProofOfAnotherKey() {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, DpopKey.generate().proof("GET", URL).accessToken(token).sign()), ProofRejection.KEY_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256"})
    void refusesUnsignedAndSymmetricProofs(String alg) {
        wire(config -> { });
        final String proof = key.proof("GET", URL).accessToken(token).signedWith("none".equals(alg) ? null : key.jwk(), alg).sign();

        assertRefused(dpopRequest("GET", URL, token, proof), ProofRejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void refusesAProofCarryingAPrivateKey() {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).withPrivateKeyInJwk().sign()), ProofRejection.BAD_KEY);
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).header("jwk", null).sign()), ProofRejection.BAD_KEY);
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token)
                .header("jwk", Map.of("kty", "oct", "k", "c2VjcmV0")).sign()), ProofRejection.BAD_KEY);
    }

    @Test
    void refusesTwoProofHeaders() {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign(),
                key.proof("GET", URL).accessToken(token).sign()), ProofRejection.MULTIPLE_PROOFS);
    }

    @Test
    void refusesAProofOfAnotherType() {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).header("typ", "JWT").sign()), ProofRejection.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jti", "htm", "htu", "iat"})
    void refusesAProofWithoutARequiredClaim(String claim) {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).without(claim).sign()), ProofRejection.MISSING_CLAIMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "a.b.c", "..", "\u0000.\u0001.\u0002"})
    void refusesGarbageProofsWithA401(String proof) {
        wire(config -> { });
        assertRefused(dpopRequest("GET", URL, token, proof), ProofRejection.MALFORMED);
    }

    @Test
    void refusesAnUnboundTokenUnderTheDpopScheme() {
        wire(config -> { });
        final String plain = ISSUER.token().username("alice").sign();

        assertRefused(dpopRequest("GET", URL, plain, key.proof("GET", URL).accessToken(plain).sign()), ProofRejection.TOKEN_NOT_BOUND);
    }

    @Test
    void whenRequiredRefusesBearerTokensWithADpopChallenge() {
        wire(config -> config.getTokenValidation().setDpop(DpopMode.REQUIRED));

        final Response response = assertRefused(request("GET", URL, "Bearer " + ISSUER.token().sign()), ProofRejection.DPOP_REQUIRED);
        assertThat(response.getStringHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).hasSize(1);
        assertRefused(request("GET", URL), ProofRejection.DPOP_REQUIRED);

        final ContainerRequest bound = dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign());
        filter.filter(bound);
        assertThat(bound.getAbortResponse()).isNull();
    }

    @Test
    void whenDisabledOffersOnlyBearerAndAcceptsNoBoundToken() {
        wire(config -> config.getTokenValidation().setDpop(DpopMode.DISABLED));

        final Response dpop = refused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign()));
        assertThat(dpop.getStringHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly(
                "Bearer realm=\"test\", error=\"invalid_token\", error_description=\"Bearer token required\"");
        assertThat(refused(request("GET", URL, "Bearer " + token)).getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                .contains("Token is bound to a DPoP key");
        assertThat(bundle.metrics().getMeters()).doesNotContainKey("oidc-auth.dpop.accepted");
    }

    @Test
    void asksForTheServersNonceAndAcceptsItOnce() {
        wire(config -> config.getDpop().setRequireNonce(true));

        final Response response = assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign()),
                ProofRejection.NONCE_REQUIRED);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"use_dpop_nonce\"");
        final String nonce = response.getHeaderString("DPoP-Nonce");
        assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).nonce("made-up").sign()),
                ProofRejection.NONCE_REQUIRED);

        final ContainerRequest retry = dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).nonce(nonce).sign());
        filter.filter(retry);
        assertThat(retry.getAbortResponse()).isNull();
    }

    @Test
    void failsClosedWhenTheReplayCacheCannotTell() {
        bundle = IssuerAuthentication.against(ISSUER, config -> { }, Clock.systemUTC(), (proofId, forgetAfter) -> ReplayCache.Outcome.UNKNOWN);
        filter = bundle.authentication().newFilter();

        assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign()), ProofRejection.REPLAY_CHECK_UNAVAILABLE);
    }

    @Test
    void expectsTheConfiguredPublicBaseUrlInHtu() {
        wire(config -> config.getDpop().setPublicBaseUrl("https://api.example.com/"));
        final String external = "https://api.example.com/api/v1/users/loggedInUser";

        final ContainerRequest request = dpopRequest("GET", URL, token, key.proof("GET", external).accessToken(token).sign());
        filter.filter(request);
        assertThat(request.getAbortResponse()).isNull();

        final Response response = assertRefused(dpopRequest("GET", URL, token, key.proof("GET", URL).accessToken(token).sign()),
                ProofRejection.WRONG_URI);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                .contains("resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"");
    }

    @Test
    void honoursForwardedHeadersOnlyWhenTrusted() {
        final String external = "https://api.example.com:8443/api/v1/users/loggedInUser";
        wire(config -> { });
        assertRefused(forwarded(dpopRequest("GET", URL, token, key.proof("GET", external).accessToken(token).sign())), ProofRejection.WRONG_URI);
        bundle.close();

        wire(config -> config.getDpop().setTrustForwardedHeaders(true));
        final ContainerRequest request = forwarded(dpopRequest("GET", URL, token, key.proof("GET", external).accessToken(token).sign()));
        filter.filter(request);
        assertThat(request.getAbortResponse()).isNull();
    }

    @Test
    void everyRefusalReasonHasAMeterFromStartup() {
        wire(config -> { });
        for (ProofRejection reason : ProofRejection.values()) {
            assertThat(bundle.metrics().getMeters()).containsKey(meterOf(reason));
        }
    }

    @Test
    void neverEchoesTheTokenOrTheProof() {
        wire(config -> { });
        final String proof = key.proof("POST", URL).accessToken(token).sign();

        final Response response = refused(dpopRequest("GET", URL, token, proof));

        assertThat(String.valueOf(response.getEntity())).doesNotContain(token).doesNotContain(proof);
        response.getStringHeaders().forEach((name, values) -> assertThat(values)
                .allSatisfy(value -> assertThat(value).doesNotContain(token).doesNotContain(proof)));
    }

    private void wire(Consumer<AuthenticationConfiguration> tweaks) {
        bundle = IssuerAuthentication.against(ISSUER, tweaks);
        filter = bundle.authentication().newFilter();
    }

    private Response assertRefused(ContainerRequest request, ProofRejection reason) {
        final long before = bundle.meterCount(meterOf(reason));
        final Response response = refused(request);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("DPoP algs=\"" + ALGS + "\", error=\""
                + reason.error() + "\", error_description=\"" + reason.description() + "\", resource_metadata=\""
                + response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE).replaceAll(".*resource_metadata=\"([^\"]*)\".*", "$1") + "\"");
        assertThat(bundle.meterCount(meterOf(reason))).as("meter of %s", reason).isEqualTo(before + 1);
        return response;
    }

    private Response refused(ContainerRequest request) {
        filter.filter(request);
        assertThat(request.getAbortResponse()).as("the request must be refused").isNotNull();
        assertThat(request.getSecurityContext()).isNull();
        return request.getAbortResponse();
    }

    private static String meterOf(ProofRejection reason) {
        return DpopMetrics.PREFIX + ".rejected." + DpopMetrics.meterName(reason);
    }

    private static ContainerRequest forwarded(ContainerRequest request) {
        request.header("X-Forwarded-Proto", "https");
        request.header("X-Forwarded-Host", "api.example.com:8443");
        return request;
    }

    private static ContainerRequest dpopRequest(String method, String url, String token, String... proofs) {
        final ContainerRequest request = request(method, url, "DPoP " + token);
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return request;
    }

    private static ContainerRequest request(String method, String url, String... authorization) {
        final ContainerRequest request = new ContainerRequest(URI.create("http://localhost/"), URI.create(url), method, null,
                new MapPropertiesDelegate(), null);
        for (String value : authorization) {
            request.header(HttpHeaders.AUTHORIZATION, value);
        }
        return request;
    }
}
