package io.github.datasec.dwauth.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.dpop.DpopKey;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import io.github.datasec.dwauth.testing.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the example application behind one public URL, sharing a real redis-server for
 * sessions: a proof spent at one is refused at the other, and with Redis gone proofs are refused
 * rather than taken unchecked.
 */
@Timeout(120)
class SharedReplayCacheTest {
    private static final String PUBLIC_URL = "https://api.example.com";
    private static final String LOGGED_IN_USER = "/api/v1/users/loggedInUser";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private final List<DropwizardTestSupport<ExampleConfiguration>> replicas = new ArrayList<>();
    private RedisServer redis;
    private final DpopKey key = DpopKey.generate();
    private final String token = ISSUER.token().username("alice").boundTo(key.thumbprint()).sign();

    @AfterEach
    void stop() throws Exception {
        replicas.forEach(DropwizardTestSupport::after);
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void aProofSpentAtOneReplicaIsRefusedAtTheOther() throws Exception {
        redis = RedisServer.start();
        final DropwizardTestSupport<ExampleConfiguration> first = replica();
        final DropwizardTestSupport<ExampleConfiguration> second = replica();
        final String proof = key.proof("GET", PUBLIC_URL + LOGGED_IN_USER).accessToken(token).sign();

        assertThat(get(first, proof).statusCode()).isEqualTo(200);
        final HttpResponse<String> replay = get(second, proof);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("error_description=\"DPoP proof was already used\""));
        assertThat(get(second, key.proof("GET", PUBLIC_URL + LOGGED_IN_USER).accessToken(token).sign()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesProofsWhileRedisIsDownAndShowsItInHealth() throws Exception {
        redis = RedisServer.start();
        final DropwizardTestSupport<ExampleConfiguration> replica = replica();
        redis.stop();

        final HttpResponse<String> response = get(replica, key.proof("GET", PUBLIC_URL + LOGGED_IN_USER).accessToken(token).sign());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .contains("error_description=\"DPoP proofs cannot be checked for replay right now; retry later\""));
        final JsonNode health = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + replica.getAdminPort() + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.path("sessions").path("healthy").asBoolean(true)).isFalse();
    }

    // Each replica reads its overrides under a prefix of its own: overrides share system properties,
    // and two replicas setting the same ones would restore each other's values when stopped.
    private DropwizardTestSupport<ExampleConfiguration> replica() throws Exception {
        final String prefix = "dpop-replica-" + replicas.size();
        final Map<String, String> overrides = new LinkedHashMap<>();
        ISSUER.authenticationProperties().forEach((field, value) -> overrides.put("authenticationConfiguration." + field, value));
        overrides.put("server.applicationConnectors[0].port", "0");
        overrides.put("server.adminConnectors[0].port", "0");
        overrides.put("authorizerConfiguration.principalDomain", "example.com");
        overrides.put("authenticationConfiguration.sessions.store", "redis");
        overrides.put("authenticationConfiguration.sessions.redisUri", redis.uri());
        overrides.put("authenticationConfiguration.dpop.publicBaseUrl", PUBLIC_URL);
        final DropwizardTestSupport<ExampleConfiguration> replica = new DropwizardTestSupport<>(ExampleApplication.class,
                "config.yaml", prefix, overrides.entrySet().stream()
                .map(override -> ConfigOverride.config(prefix, override.getKey(), override.getValue())).toArray(ConfigOverride[]::new));
        replica.before();
        replicas.add(replica);
        return replica;
    }

    private HttpResponse<String> get(DropwizardTestSupport<ExampleConfiguration> replica, String proof) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.getLocalPort() + LOGGED_IN_USER))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "DPoP " + token).header("DPoP", proof).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
