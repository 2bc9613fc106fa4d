package io.github.datasec.dwauth.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.client.DpopTokens;
import io.github.datasec.dwauth.testing.dpop.DpopKey;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP over real HTTP through the example application (config.yaml, in-process issuer): the RFC 9728
 * metadata, a bound token with proofs, and the refusals a client sees, counted in the admin /metrics.
 */
@Timeout(60)
class DpopExampleAppTest {
    private static final String LOGGED_IN_USER = "/api/v1/users/loggedInUser";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @RegisterExtension
    static final DropwizardAppExtension<ExampleConfiguration> APP = new DropwizardAppExtension<>(ExampleApplication.class, "config.yaml",
            Stream.concat(Stream.of(ISSUER.configOverrides()), Stream.of(
                    ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                    ConfigOverride.config("server.adminConnectors[0].port", "0"),
                    // The issuer's users have addresses at example.com, named by their local part only in the principal domain.
                    ConfigOverride.config("authorizerConfiguration.principalDomain", "example.com"))).toArray(ConfigOverride[]::new));

    private final DpopKey key = DpopKey.generate();
    private final String token = ISSUER.token().username("alice").boundTo(key.thumbprint()).sign();

    @Test
    void publishesProtectedResourceMetadata() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/.well-known/oauth-protected-resource")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{"
                + "\"resource\":\"http://127.0.0.1:" + APP.getLocalPort() + "\","
                + "\"authorization_servers\":[\"" + ISSUER.issuer() + "\"],"
                + "\"bearer_methods_supported\":[\"header\"],"
                + "\"dpop_signing_alg_values_supported\":[\"ES256\",\"ES384\",\"ES512\",\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"EdDSA\"],"
                + "\"dpop_bound_access_tokens_required\":false}"));
    }

    @Test
    void acceptsABoundTokenWithAFreshProofOnEachRequest() {
        for (int i = 0; i < 3; i++) {
            try (Response response = APP.client().target(uri(LOGGED_IN_USER)).register(DpopTokens.of(token, key)).request().get()) {
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.readEntity(JsonNode.class).get("name").asText()).isEqualTo("alice");
            }
        }
    }

    @Test
    void refusesAReplayedProofAndCountsIt() throws Exception {
        final String proof = key.proof("GET", uri(LOGGED_IN_USER).toString()).accessToken(token).sign();
        assertThat(get(LOGGED_IN_USER, "DPoP " + token, proof).statusCode()).isEqualTo(200);

        final HttpResponse<String> replay = get(LOGGED_IN_USER, "DPoP " + token, proof);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .startsWith("DPoP algs=\"ES256 ").contains("error=\"invalid_dpop_proof\"")
                .contains("resource_metadata=\"http://127.0.0.1:" + APP.getLocalPort() + "/.well-known/oauth-protected-resource\""));
        assertThat(JSON.readTree(replay.body()).get("code").asInt()).isEqualTo(401);
        final JsonNode meters = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("meters");
        assertThat(meters.get("oidc-auth.dpop.rejected.replayed").get("count").asLong()).isPositive();
    }

    @Test
    void refusesABoundTokenSentAsBearer() throws Exception {
        final HttpResponse<String> response = get(LOGGED_IN_USER, "Bearer " + token, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(2);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .startsWith("Bearer realm=\"test\"").contains("Token is bound to a DPoP key"));
    }

    @Test
    void answersHostileProofsWithA401() throws Exception {
        final String htu = uri(LOGGED_IN_USER).toString();
        for (String proof : new String[]{"garbage", key.proof("GET", htu).accessToken(token).withPrivateKeyInJwk().sign(),
                key.proof("GET", htu).accessToken(token).signedWith(null, "none").sign(), "a.b.".repeat(1_200)}) {
            assertThat(get(LOGGED_IN_USER, "DPoP " + token, proof).statusCode()).isEqualTo(401);
        }
    }

    private static HttpResponse<String> get(String path, String authorization, String proof) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Authorization", authorization);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }
}
