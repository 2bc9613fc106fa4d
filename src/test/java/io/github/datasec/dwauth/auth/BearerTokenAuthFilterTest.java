package io.github.datasec.dwauth.auth;

import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the filter takes the token from (RFC 6750 section 2): one Authorization header, scheme in
 * any case; never the query string; two sources at once are a malformed request (400), not a
 * second chance. Driven with Jersey's own request object, so what is asserted is exactly what
 * Jersey would send back.
 */
class BearerTokenAuthFilterTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private IssuerAuthentication bundle;
    private BearerTokenAuthFilter filter;

    @BeforeEach
    void wire() {
        bundle = IssuerAuthentication.against(ISSUER);
        filter = bundle.authentication().newFilter();
    }

    @AfterEach
    void close() {
        bundle.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
    void acceptsTheSchemeInAnyCase(String scheme) {
        final ContainerRequest request = request("/api/v1/users/loggedInUser", scheme + " " + ISSUER.token().username("alice").sign());

        filter.filter(request);

        assertThat(request.getAbortResponse()).isNull();
        assertThat(request.getSecurityContext().getUserPrincipal()).isInstanceOfSatisfying(OidcPrincipal.class,
                principal -> assertThat(principal.name()).isEqualTo("alice"));
        assertThat(request.getSecurityContext().getAuthenticationScheme()).isEqualTo("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token %s", "Bearer", "Bearer ", "Bearer\t%s", "Bearer%s", "BearerX %s", "%s", ""})
    void answersAChallengeWithoutATokenFromAnotherSchemeOrShape(String header) {
        final String value = header.replace("%s", ISSUER.token().sign());

        final Response response = abortResponse(request("/api/v1/users/loggedInUser", value));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getStringHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly(
                "Bearer realm=\"test\", error=\"invalid_token\", error_description=\"Bearer token required\"",
                "DPoP algs=\"ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA\","
                        + " resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\"");
    }

    @Test
    void answersAChallengeWhenNoAuthorizationIsSent() {
        assertThat(abortResponse(request("/api/v1/users/loggedInUser")).getStatus()).isEqualTo(401);
    }

    @Test
    void refusesTwoAuthorizationHeadersEvenIfBothAreValid() {
        final String token = ISSUER.token().sign();

        final Response response = abortResponse(request("/api/v1/users/loggedInUser", "Bearer " + token, "Bearer " + token));

        assertInvalidRequest(response, token);
    }

    @Test
    void refusesAHeaderTogetherWithAnAccessTokenQueryParameter() {
        final String token = ISSUER.token().sign();

        final Response response = abortResponse(request("/api/v1/users/loggedInUser?access_token=" + token, "Bearer " + token));

        assertInvalidRequest(response, token);
    }

    @Test
    void neverAcceptsATokenFromTheQueryStringAlone() {
        final String token = ISSUER.token().sign();

        for (String query : List.of("?access_token=" + token, "?x=1&access_token=" + token, "?access_token=" + token + "&access_token=" + token)) {
            final Response response = abortResponse(request("/api/v1/users/loggedInUser" + query));
            assertInvalidRequest(response, token);
        }
    }

    @Test
    void neverReadsTheBodyNorAFormEncodedAccessToken() {
        final String token = ISSUER.token().username("alice").sign();
        final ByteArrayInputStream body = new ByteArrayInputStream(("access_token=" + token).getBytes(StandardCharsets.US_ASCII));
        final ContainerRequest formPost = new ContainerRequest(URI.create("http://localhost/"),
                URI.create("http://localhost/api/v1/users/loggedInUser"), "POST", null, new MapPropertiesDelegate(), null);
        formPost.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED);
        formPost.setEntityStream(body);

        final Response response = abortResponse(formPost);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getStringHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("error_description=\"Bearer token required\"");
        assertThat(body.available()).as("not one byte of the body was read").isEqualTo(("access_token=" + token).length());
    }

    @Test
    void refusesAQueryTokenWhoseParameterNameIsPercentEncoded() {
        final String token = ISSUER.token().sign();

        for (String query : List.of("?access%5Ftoken=" + token, "?%61ccess_token=" + token, "?x=%20&access%5ftoken=" + token)) {
            assertInvalidRequest(abortResponse(request("/api/v1/users/loggedInUser" + query)), token);
            assertInvalidRequest(abortResponse(request("/api/v1/users/loggedInUser" + query, "Bearer " + token)), token);
        }
    }

    @Test
    void aParameterThatOnlyLooksSimilarIsNotATokenSource() {
        final String token = ISSUER.token().sign();
        final ContainerRequest request = request("/api/v1/users/loggedInUser?my_access_token=x&access_tokens=y", "Bearer " + token);

        filter.filter(request);

        assertThat(request.getAbortResponse()).isNull();
    }

    @Test
    void aRefusedTokenIsNeverEchoed() {
        final String token = ISSUER.token().keyId("unknown-kid").sign();

        final Response response = abortResponse(request("/api/v1/users/loggedInUser", "Bearer " + token));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(String.valueOf(response.getEntity())).doesNotContain(token).doesNotContain("unknown-kid");
        response.getStringHeaders().forEach((name, values) ->
                assertThat(values).allSatisfy(value -> assertThat(value).doesNotContain(token).doesNotContain("unknown-kid")));
        assertThat(response.getStringHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer realm=\"test\", error=\"invalid_token\", error_description=\"Token is not signed by a known key\"");
    }

    private static void assertInvalidRequest(Response response, String token) {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer realm=\"test\", error=\"invalid_request\"");
        assertThat(String.valueOf(response.getEntity())).doesNotContain(token);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).doesNotContain(token);
    }

    private Response abortResponse(ContainerRequest request) {
        filter.filter(request);
        assertThat(request.getAbortResponse()).as("the request must be refused").isNotNull();
        assertThat(request.getSecurityContext()).isNull();
        return request.getAbortResponse();
    }

    private static ContainerRequest request(String pathAndQuery, String... authorizationHeaders) {
        final ContainerRequest request = new ContainerRequest(URI.create("http://localhost/"),
                URI.create("http://localhost" + pathAndQuery), "GET", null, new MapPropertiesDelegate(), null);
        for (String value : authorizationHeaders) {
            request.header(HttpHeaders.AUTHORIZATION, value);
        }
        return request;
    }
}
