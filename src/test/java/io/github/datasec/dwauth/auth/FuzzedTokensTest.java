package io.github.datasec.dwauth.auth;

import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated tokens through the authenticator and the filter, 2000 inputs each. The oracle
 * is simple because the bundle's answer must be: a token is accepted only if it is, character for
 * character, the one the issuer signed; anything else is a TokenRejectedException (a 401) or, at the
 * filter, a 400 for a malformed request. Any other exception fails the test, as it would have been
 * a 500.
 *
 * <p>Inputs come from a fixed seed, so a failure names the input that caused it and recurs on every
 * run. (jqwik was planned for this and is no longer among the test dependencies; the generators below
 * do what its arbitraries would, minus shrinking.)
 */
class FuzzedTokensTest {
    private static final long SEED = 0x5EC_0B57L;
    private static final int INPUTS = 2000;
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static InProcessIssuer issuer;
    private static IssuerAuthentication bundle;
    private static String pristine;

    private final Random random = new Random(SEED);

    @BeforeAll
    static void start() {
        issuer = InProcessIssuer.create().start();
        bundle = IssuerAuthentication.against(issuer);
        pristine = issuer.token().username("fuzz").sign();
    }

    @AfterAll
    static void stop() {
        bundle.close();
        issuer.close();
    }

    @Test
    void aMutatedTokenIsAcceptedOnlyIfItIsTheOriginal() {
        for (int i = 0; i < INPUTS; i++) {
            final String token = mutated();
            assertThat(acceptedByAuthenticator(token)).as("input %d: %s", i, token).isEqualTo(token.equals(pristine));
        }
    }

    @Test
    void arbitraryTextIsRefusedWithoutAnyOtherException() {
        for (int i = 0; i < INPUTS; i++) {
            final String text = arbitraryText();
            assertThat(acceptedByAuthenticator(text)).as("input %d: %s", i, text).isFalse();
        }
    }

    @Test
    void theFilterAnswers400Or401OrAuthenticatesOnlyTheOriginalFromOneHeader() {
        for (int i = 0; i < INPUTS; i++) {
            final List<String> headers = authorizationHeaders();
            final String query = queryString();
            final ContainerRequest request = new ContainerRequest(URI.create("http://localhost/"),
                    URI.create("http://localhost/api/v1/users/loggedInUser" + query), "GET", null, new MapPropertiesDelegate(), null);
            headers.forEach(value -> request.header(HttpHeaders.AUTHORIZATION, value));

            bundle.authentication().newFilter().filter(request);

            final String input = "input " + i + ": headers " + headers + ", query " + query;
            final boolean mayAuthenticate = headers.size() == 1 && !query.contains("access_token=")
                    && headers.get(0).regionMatches(true, 0, "Bearer ", 0, 7) && headers.get(0).substring(7).trim().equals(pristine);
            final Response refusal = request.getAbortResponse();
            if (mayAuthenticate) {
                assertThat(refusal).as(input).isNull();
                assertThat(request.getSecurityContext().getUserPrincipal().getName()).isEqualTo("fuzz");
            } else {
                assertThat(refusal).as(input).isNotNull();
                assertThat(refusal.getStatus()).as(input).isIn(400, 401);
                assertThat(refusal.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer realm=");
                // Every JWS header starts with the encoding of {" ; the fixed texts of a refusal never do.
                assertThat(String.valueOf(refusal.getEntity())).doesNotContain("eyJ");
                refusal.getStringHeaders().values().forEach(values -> assertThat(values).noneMatch(v -> v.contains("eyJ")));
            }
        }
    }

    // ---------------------------------------------------------------- generators

    private String mutated() {
        final List<Function<Random, String>> mutations = List.of(
                r -> pristine,
                this::flippedCharacterBit,
                this::flippedDecodedBit,
                this::rearrangedSegments,
                this::replacedSegment,
                this::insertedCharacter,
                r -> pristine.substring(0, r.nextInt(pristine.length())),
                this::hostileHeader);
        return mutations.get(random.nextInt(mutations.size())).apply(random);
    }

    private String flippedCharacterBit(Random r) {
        final char[] chars = pristine.toCharArray();
        final int position = r.nextInt(chars.length);
        chars[position] = (char) (chars[position] ^ (1 << r.nextInt(7)));
        return new String(chars);
    }

    /** A bit changed inside a segment's bytes, re-encoded canonically, so the input gets past the shape check. */
    private String flippedDecodedBit(Random r) {
        final String[] parts = pristine.split("\\.");
        final int segment = r.nextInt(3);
        final byte[] bytes = Base64Url.decode(parts[segment]);
        bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
        parts[segment] = Base64Url.encode(bytes);
        return String.join(".", parts);
    }

    private String rearrangedSegments(Random r) {
        final String[] parts = pristine.split("\\.");
        final List<String> chosen = new ArrayList<>();
        for (int i = r.nextInt(7); i > 0; i--) {
            chosen.add(parts[r.nextInt(3)]);
        }
        return String.join(".", chosen);
    }

    private String replacedSegment(Random r) {
        final String[] parts = pristine.split("\\.");
        parts[r.nextInt(3)] = text(r, BASE64URL, r.nextInt(500));
        return String.join(".", parts);
    }

    private String insertedCharacter(Random r) {
        final int position = r.nextInt(pristine.length() + 1);
        return pristine.substring(0, position) + (char) r.nextInt(Character.MAX_VALUE + 1) + pristine.substring(position);
    }

    /** The original payload and signature under a header an attacker chose: huge or odd kids, other algorithms, key headers. */
    private String hostileHeader(Random r) {
        final List<String> kids = List.of(anyText(r, 300), text(r, BASE64URL, 257 + r.nextInt(6000)), "../../etc/passwd",
                "' OR 1=1 --", "\u0000", issuer.currentKey().getKeyId());
        final List<String> algs = List.of("RS256", "none", "None", "HS256", "RS512", "ES256", "PS256", "", "rs256");
        final List<String> extras = List.of("", ",\"jku\":\"http://127.0.0.1:1/\"", ",\"crit\":[\"x\"]", ",\"b64\":false",
                ",\"jwk\":{\"kty\":\"oct\",\"k\":\"AA\"}", ",\"cty\":\"JWT\"", ",\"typ\":\"JWT\"", ",\"typ\":[1]");
        final String json = JsonUtil.toJson(Map.of("alg", pick(r, algs), "kid", pick(r, kids)));
        final String header = json.substring(0, json.length() - 1) + pick(r, extras) + "}";
        final String[] parts = pristine.split("\\.");
        return Base64Url.encode(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
    }

    private String arbitraryText() {
        return switch (random.nextInt(4)) {
            case 0 -> anyText(random, random.nextInt(10) == 0 ? 12_000 : 600);
            case 1 -> text(random, printableAscii(), random.nextInt(600));
            case 2 -> {
                final List<String> segments = new ArrayList<>();
                for (int i = 1 + random.nextInt(7); i > 0; i--) {
                    segments.add(text(random, BASE64URL, random.nextInt(400)));
                }
                yield String.join(".", segments);
            }
            default -> text(random, BASE64URL, random.nextInt(400)) + "." + text(random, BASE64URL, random.nextInt(400))
                    + "." + text(random, BASE64URL, random.nextInt(400));
        };
    }

    private List<String> authorizationHeaders() {
        final List<String> schemes = List.of("Bearer ", "bearer ", "BEARER ", "Basic ", "Bearer  ", "Bearer\t", "", "Bearer");
        final List<String> headers = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            final String credential = switch (random.nextInt(3)) {
                case 0 -> pristine;
                case 1 -> mutated();
                default -> arbitraryText();
            };
            headers.add(pick(random, schemes) + credential);
        }
        return headers;
    }

    private String queryString() {
        final String value = random.nextBoolean() ? pristine : URLEncoder.encode(arbitraryText(), StandardCharsets.UTF_8);
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "?access_token=" + value;
            case 2 -> "?a=1&access_token=" + value + "&b=2";
            case 3 -> "?other=" + value;
            default -> "?access_tokens=" + value;
        };
    }

    private static String text(Random r, String alphabet, int length) {
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Any UTF-16 code units, lone surrogates and controls included. */
    private static String anyText(Random r, int maxLength) {
        final StringBuilder text = new StringBuilder();
        for (int i = r.nextInt(maxLength + 1); i > 0; i--) {
            text.append((char) r.nextInt(Character.MAX_VALUE + 1));
        }
        return text.toString();
    }

    private static String printableAscii() {
        final StringBuilder ascii = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            ascii.append(c);
        }
        return ascii.toString();
    }

    private static <T> T pick(Random r, List<T> choices) {
        return choices.get(r.nextInt(choices.size()));
    }

    private static boolean acceptedByAuthenticator(String token) {
        try {
            bundle.authentication().authenticator().authenticateOrReject(token);
            return true;
        } catch (TokenRejectedException refused) {
            return false;
        }
    }
}
