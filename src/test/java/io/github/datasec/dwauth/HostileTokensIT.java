package io.github.datasec.dwauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.support.RawJws;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's hostile tokens and requests against the running example application, configured by
 * {@code config.yaml} (its request log format included) and pointed at an in-process issuer. Every
 * hostile token gets a 401 with an RFC 6750 challenge, every malformed request a 400 or another 4xx,
 * nothing a 5xx, and no token appears in a response or in the request log.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileTokensIT {
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static final Path REQUEST_LOG = requestLogFile();

    static final DropwizardAppExtension<ExampleConfiguration> APP = new DropwizardAppExtension<>(
            ExampleApplication.class, "config.yaml", overrides());

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theIssuersOrdinaryTokenIsAccepted() throws Exception {
        final HttpResponse<String> response = get("/api/v1/users/loggedInUser", "Bearer " + ISSUER.token().username("alice").sign());

        assertThat(response.statusCode()).isEqualTo(200);
        // config.yaml's principal domain is data-sec.example, so the issuer's verified alice@example.com stays whole.
        assertThat(JSON.readTree(response.body()).get("name").asText()).isEqualTo("alice@example.com");
    }

    @TestFactory
    Stream<DynamicTest> everyHostileTokenGets401WithAChallengeAndIsNeverEchoed() throws Exception {
        return hostileTokens().entrySet().stream().map(hostile -> DynamicTest.dynamicTest(hostile.getKey(), () -> {
            final HttpResponse<String> response = get("/api/v1/users/loggedInUser", "Bearer " + hostile.getValue());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Bearer realm=\"test\"").contains("error=\"invalid_token\""));
            final JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("code").asInt()).isEqualTo(401);
            assertThat(body.get("message").asText()).isNotBlank();
            assertNotEchoed(response, hostile.getValue());
        }));
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        final String token = ISSUER.token().sign();
        for (String scheme : List.of("bearer", "BEARER", "BeArEr")) {
            assertThat(get("/api/v1/users/loggedInUser", scheme + " " + token).statusCode()).as(scheme).isEqualTo(200);
        }
    }

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequest() throws Exception {
        final String token = ISSUER.token().sign();
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(appUri("/api/v1/users/loggedInUser"))
                .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());

        assertInvalidRequest(response, token);
    }

    @Test
    void aHeaderAndAQueryTokenTogetherAreAnInvalidRequest() throws Exception {
        final String token = ISSUER.token().sign();

        assertInvalidRequest(get("/api/v1/users/loggedInUser?access_token=" + token, "Bearer " + token), token);
    }

    @Test
    void aTokenInTheQueryStringAloneIsNotAccepted() throws Exception {
        final String token = ISSUER.token().sign();

        assertInvalidRequest(get("/api/v1/users/loggedInUser?access_token=" + token, null), token);
    }

    @Test
    void aTokenBeyondTheServersHeaderLimitIsRefusedByJettyWithA4xx() throws Exception {
        final String token = ISSUER.token().claim("padding", "x".repeat(20_000)).sign();

        final HttpResponse<String> response = get("/api/v1/users/loggedInUser", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(431);
        assertNotEchoed(response, token);
    }

    @Test
    void malformedRequestsGetA4xxNeverA5xx() throws Exception {
        final String token = ISSUER.token().sign();
        final String path = "/api/v1/users/loggedInUser";
        for (String query : List.of("?access_token=%zz", "?access_token", "?access_token=&access_token=",
                "?access_token=%00", "?access_token=%C0%AF")) {
            assertThat(rawStatus(path + query, "Authorization: Bearer " + token)).as(query).isEqualTo(400);
            assertThat(rawStatus(path + query, "X-Nothing: 1")).as(query).isEqualTo(400);
        }
        for (String query : List.of("?%zz=1", "?&&&=", "?=%", "?a=%G1")) {
            // Not a token source: the header decides, and the junk around it must not turn into a 500.
            assertThat(rawStatus(path + query, "Authorization: Bearer " + token)).as(query).isEqualTo(200);
            assertThat(rawStatus(path + query, "X-Nothing: 1")).as(query).isEqualTo(401);
        }
        for (String rawHeader : List.of("Authorization: Bearer \u00ff\u00fe" + token, "Authorization: Bearer", "Authorization:",
                "authorization: Bearer " + token + "\r\nAUTHORIZATION: Bearer " + token)) {
            assertThat(rawStatus(path, rawHeader)).as(rawHeader).isBetween(400, 499);
        }
    }

    @Test
    void mutatedTokensOverHttpGet401Or400AndNever5xx() throws Exception {
        final String pristine = ISSUER.token().sign();
        final Random random = new Random(4242);
        for (int i = 0; i < 300; i++) {
            final char[] chars = pristine.toCharArray();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                final int position = random.nextInt(chars.length);
                chars[position] = (char) (0x21 + random.nextInt(0x5e));
            }
            final String mutated = new String(chars);
            final HttpResponse<String> response = get("/api/v1/users/loggedInUser", "Bearer " + mutated);
            assertThat(response.statusCode()).as("input %d: %s", i, mutated).isEqualTo(mutated.equals(pristine) ? 200 : 401);
            assertNotEchoed(response, mutated);
        }
    }

    @Test
    void theRequestLogNeverContainsAToken() throws Exception {
        final String headerToken = ISSUER.token().sign();
        final String queryToken = ISSUER.token().sign();
        final long linesBefore = requestLogLines().size();
        get("/api/v1/users/loggedInUser", "Bearer " + headerToken);
        get("/api/v1/users/loggedInUser?access_token=" + queryToken, null);
        get("/api/v1/users/loggedInUser?x=1&access_token=" + queryToken, "Bearer " + headerToken);
        get("/api/v1/system/version?access_token=" + queryToken, null);

        final List<String> lines = awaitRequestLogLines(linesBefore + 4);

        assertThat(lines).anySatisfy(line -> assertThat(line).contains("/api/v1/users/loggedInUser"));
        assertThat(String.join("\n", lines)).doesNotContain(headerToken).doesNotContain(queryToken)
                .doesNotContain("eyJ").doesNotContain("access_token");
    }

    @Test
    void theAdminPortShowsAHealthyKeySetAndCountsRefusalsByReason() throws Exception {
        get("/api/v1/users/loggedInUser", "Bearer " + ISSUER.token().authorizedParty("another-client").sign());

        final JsonNode health = JSON.readTree(HTTP.send(HttpRequest.newBuilder(adminUri("/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.get("jwks").get("healthy").asBoolean()).isTrue();
        final JsonNode meters = JSON.readTree(HTTP.send(HttpRequest.newBuilder(adminUri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("meters");
        assertThat(meters.get("oidc-auth.jwks.fetches").get("count").asLong()).isPositive();
        assertThat(meters.get("oidc-auth.rejected.wrong-audience").get("count").asLong()).isPositive();
    }

    // ---------------------------------------------------------------- the catalogue

    /** One token per item of issue 4's list; the unit tests pin the exact reason of each. */
    private static Map<String, String> hostileTokens() throws JoseException {
        final PublicJsonWebKey key = ISSUER.currentKey();
        final String kid = key.getKeyId();
        final String valid = ISSUER.token().sign();
        final String[] parts = valid.split("\\.");
        final String claims = ISSUER.token().claimsJson();
        final Map<String, String> tokens = new LinkedHashMap<>();

        for (String none : List.of("none", "None", "NONE")) {
            tokens.put("alg " + none, RawJws.encode("{\"alg\":\"" + none + "\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + "." + parts[2]);
        }
        tokens.put("unsigned", ISSUER.token().signedWith(null, "none").sign());
        tokens.put("HS256 with the public key as secret", hmacWithPublicKey(key));
        tokens.put("RS512, outside the allow-list", ISSUER.token().signedWith(key, "RS512").sign());
        final PublicJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
        attacker.setKeyId(kid);
        tokens.put("embedded jwk", ISSUER.token().signedWith(attacker, "RS256")
                .header("jwk", attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)).sign());
        tokens.put("jku", ISSUER.token().header("jku", ISSUER.jwksUrl()).sign());
        tokens.put("x5u", ISSUER.token().header("x5u", ISSUER.jwksUrl()).sign());
        tokens.put("x5c", ISSUER.token().header("x5c", List.of("MIIB")).sign());
        tokens.put("kid with a path", ISSUER.token().keyId("../../../../etc/passwd").sign());
        tokens.put("kid with SQL", ISSUER.token().keyId("' OR '1'='1").sign());
        tokens.put("kid of 300 characters", ISSUER.token().keyId("k".repeat(300)).sign());
        tokens.put("kid with control characters", ISSUER.token().keyId("kid\u0000\n").sign());
        tokens.put("signature of zeros", RawJws.withSignature(valid, Base64Url.encode(new byte[256])));
        tokens.put("signature one byte short", RawJws.withSignature(valid, Base64Url.encode(new byte[255])));
        tokens.put("non-canonical base64url", RawJws.withSignature(valid, parts[2].substring(0, parts[2].length() - 1)
                + (char) (parts[2].charAt(parts[2].length() - 1) + 1)));
        tokens.put("padded base64url", valid + "==");
        tokens.put("two segments", parts[0] + "." + parts[1]);
        tokens.put("four segments", valid + "." + parts[2]);
        tokens.put("JWE", jwe(key, valid));
        tokens.put("nested JWT", RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"cty\":\"JWT\"}", valid, key, "RS256"));
        tokens.put("crit", ISSUER.token().header("crit", List.of("exp")).header("exp", 1).sign());
        tokens.put("b64 false", RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"b64\":false,\"crit\":[\"b64\"]}", claims, key, "RS256"));
        tokens.put("duplicate claim", RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}",
                claims.substring(0, claims.length() - 1) + ",\"azp\":\"other\"}", key, "RS256"));
        tokens.put("deeply nested JSON", ISSUER.token().claim("deep", nested(40)).sign());
        tokens.put("oversize", ISSUER.token().claim("padding", "x".repeat(MAX_TOKEN_LENGTH)).sign());
        tokens.put("ID token", ISSUER.token().type("ID").audience(ISSUER.clientId()).sign());
        tokens.put("refresh token", ISSUER.token().type("Refresh").sign());
        tokens.put("no exp", ISSUER.token().without("exp").sign());
        tokens.put("exp far in the future", ISSUER.token().expiresIn(Duration.ofDays(30)).sign());
        tokens.put("exp not a number", ISSUER.token().claim("exp", "tomorrow").sign());
        tokens.put("expired", ISSUER.token().issuedAt(Instant.now().minus(Duration.ofHours(1))).expiresIn(Duration.ofMinutes(-10)).sign());
        tokens.put("nbf in the future", ISSUER.token().notBefore(Instant.now().plus(Duration.ofMinutes(5))).sign());
        tokens.put("iat in the future", ISSUER.token().issuedAt(Instant.now().plus(Duration.ofMinutes(5))).sign());
        tokens.put("issuer with trailing slash", ISSUER.token().claim("iss", ISSUER.issuer() + "/").sign());
        tokens.put("issuer in another case", ISSUER.token().claim("iss", ISSUER.issuer().toUpperCase()).sign());
        tokens.put("another client's token", ISSUER.token().authorizedParty("another-client").sign());
        tokens.put("no principal claim", ISSUER.token().without("email").without("preferred_username").without("sub").sign());
        tokens.put("empty principal claim", ISSUER.token().claim("email", "").sign());
        tokens.put("principal claim not a string", ISSUER.token().claim("email", List.of("a@example.com")).sign());
        return tokens;
    }

    private static String hmacWithPublicKey(PublicJsonWebKey key) throws JoseException {
        final JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue("HS256");
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setPayload(ISSUER.token().claimsJson());
        jws.setKey(new HmacKey(key.getPublicKey().getEncoded()));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static String jwe(PublicJsonWebKey key, String inner) throws JoseException {
        final JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKey(key.getPublicKey());
        jwe.setContentTypeHeaderValue("JWT");
        jwe.setPayload(inner);
        return jwe.getCompactSerialization();
    }

    private static Object nested(int depth) {
        Object value = "bottom";
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    // ---------------------------------------------------------------- HTTP

    private static HttpResponse<String> get(String pathAndQuery, String authorization) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(appUri(pathAndQuery));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Status of a request written byte for byte, for what java.net.http would refuse to send. */
    private static int rawStatus(String pathAndQuery, String headerLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headerLines + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final InputStream in = socket.getInputStream();
            final String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static void assertInvalidRequest(HttpResponse<String> response, String token) throws IOException {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("error=\"invalid_request\""));
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(400);
        assertNotEchoed(response, token);
    }

    private static void assertNotEchoed(HttpResponse<String> response, String token) {
        final String firstSegment = token.contains(".") ? token.substring(0, token.indexOf('.')) : token;
        assertThat(response.body()).doesNotContain(token).doesNotContain("eyJ");
        if (firstSegment.length() > 8) {
            assertThat(response.body()).doesNotContain(firstSegment);
        }
        response.headers().map().forEach((name, values) -> assertThat(values).as(name)
                .noneMatch(value -> value.contains(token) || value.contains("eyJ")));
    }

    private static URI appUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + pathAndQuery);
    }

    private static URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getAdminPort() + path);
    }

    // ---------------------------------------------------------------- the request log

    private static Path requestLogFile() {
        try {
            final Path directory = Files.createTempDirectory("hostile-tokens-it");
            final Path file = directory.resolve("requests.log");
            // Deleted in reverse order of registration: the file, then its directory.
            directory.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> requestLogLines() throws IOException {
        return Files.exists(REQUEST_LOG) ? Files.readAllLines(REQUEST_LOG) : List.of();
    }

    /** The request log is written asynchronously; wait for the lines to arrive, by count, within a generous bound. */
    private static List<String> awaitRequestLogLines(long count) throws IOException, InterruptedException {
        final Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        List<String> lines = requestLogLines();
        while (lines.size() < count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
            lines = requestLogLines();
        }
        assertThat(lines).as("request log lines").hasSizeGreaterThanOrEqualTo((int) count);
        return lines;
    }

    private static ConfigOverride[] overrides() {
        final List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                // config.yaml's log format, written to a file the test can read instead of the console.
                ConfigOverride.config("server.requestLog.appenders[0].type", "file"),
                ConfigOverride.config("server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString()),
                ConfigOverride.config("server.requestLog.appenders[0].archive", "false"),
                ConfigOverride.config("authenticationConfiguration.tokenValidation.maxTokenLength", String.valueOf(MAX_TOKEN_LENGTH))));
        overrides.addAll(List.of(ISSUER.configOverrides()));
        return overrides.toArray(ConfigOverride[]::new);
    }
}
