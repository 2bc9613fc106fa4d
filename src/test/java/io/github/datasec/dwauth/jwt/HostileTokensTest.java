package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.support.IssuerAuthentication;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.github.datasec.dwauth.jwt.RejectionReason.ALGORITHM_NOT_ALLOWED;
import static io.github.datasec.dwauth.jwt.RejectionReason.BAD_SIGNATURE;
import static io.github.datasec.dwauth.jwt.RejectionReason.EXPIRED;
import static io.github.datasec.dwauth.jwt.RejectionReason.HEADER_NOT_ALLOWED;
import static io.github.datasec.dwauth.jwt.RejectionReason.INVALID_CLAIMS;
import static io.github.datasec.dwauth.jwt.RejectionReason.LIFETIME_TOO_LONG;
import static io.github.datasec.dwauth.jwt.RejectionReason.MALFORMED;
import static io.github.datasec.dwauth.jwt.RejectionReason.NOT_YET_VALID;
import static io.github.datasec.dwauth.jwt.RejectionReason.NO_PRINCIPAL;
import static io.github.datasec.dwauth.jwt.RejectionReason.OVERSIZED;
import static io.github.datasec.dwauth.jwt.RejectionReason.UNKNOWN_KEY;
import static io.github.datasec.dwauth.jwt.RejectionReason.WRONG_AUDIENCE;
import static io.github.datasec.dwauth.jwt.RejectionReason.WRONG_ISSUER;
import static io.github.datasec.dwauth.jwt.RejectionReason.WRONG_TOKEN_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's list of hostile tokens, each refused for the reason the rule names. Asserting the
 * reason, not just the refusal, is what makes each test fail when its own defence is removed:
 * most tokens here would still be refused by some later rule.
 */
class HostileTokensTest {
    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    @RegisterExtension
    static final InProcessIssuer EC_ISSUER = InProcessIssuer.builder().algorithm("ES256").build();

    private IssuerAuthentication bundle;

    @BeforeEach
    void wireTheBundle() throws Exception {
        bundle = IssuerAuthentication.against(ISSUER, signatureProvider());
        // Keys are fetched once up front, so fetch counts below show only what a hostile token caused.
        bundle.accept(ISSUER.token().sign());
    }

    /** The provider choice every bundle of this suite runs with; {@link HostileTokensWithAccpTest} runs it all again with ACCP. */
    Consumer<AuthenticationConfiguration> signatureProvider() {
        return config -> { };
    }

    @AfterEach
    void closeTheBundle() {
        bundle.close();
    }

    @Test
    void acceptsTheIssuersOrdinaryAccessToken() throws Exception {
        assertThat(bundle.accept(ISSUER.token().username("alice").sign()).name()).isEqualTo("alice");
    }

    // ---------------------------------------------------------------- algorithms

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void rejectsAlgNoneInAnyCasingEvenWithASignatureAttached(String none) {
        final String signed = ISSUER.token().sign();
        final String header = RawJws.encode("{\"alg\":\"" + none + "\",\"kid\":\"" + ISSUER.currentKey().getKeyId() + "\"}");
        final String forged = header + signed.substring(signed.indexOf('.'));

        assertThat(bundle.rejectionOf(forged)).isEqualTo(ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsUnsignedTokenWithEmptySignature() {
        final String unsigned = ISSUER.token().signedWith(null, "none").sign();

        assertThat(unsigned).endsWith(".");
        assertThat(bundle.rejectionOf(unsigned)).isEqualTo(MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void rejectsTokenSignedWithPublicKeyAsHmacSecret(String hmac) throws Exception {
        final PublicJsonWebKey published = ISSUER.currentKey();
        // The three spellings of "the public key" an attacker would try as the HMAC secret.
        final List<byte[]> secrets = List.of(
                published.getPublicKey().getEncoded(),
                published.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8),
                pem(published.getPublicKey().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        for (byte[] secret : secrets) {
            final JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(hmac);
            jws.setKeyIdHeaderValue(published.getKeyId());
            jws.setPayload(ISSUER.token().claimsJson());
            jws.setKey(new HmacKey(secret));
            jws.setDoKeyValidation(false);

            assertThat(bundle.rejectionOf(jws.getCompactSerialization())).isEqualTo(ALGORITHM_NOT_ALLOWED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS384", "RS512", "PS256", "PS512"})
    void rejectsAlgorithmOutsideTheAllowListEvenWithTheIssuersOwnKey(String algorithm) {
        final String token = ISSUER.token().signedWith(ISSUER.currentKey(), algorithm).sign();

        assertThat(bundle.rejectionOf(token)).isEqualTo(ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsEcdsaTokenWhenOnlyRs256IsAllowed() {
        final String token = EC_ISSUER.token().claim("iss", ISSUER.issuer()).sign();

        assertThat(bundle.rejectionOf(token)).isEqualTo(ALGORITHM_NOT_ALLOWED);
    }

    // ---------------------------------------------------------------- headers

    @Test
    void rejectsEmbeddedJwkHeaderEvenWhenItsKeySignedTheToken() throws Exception {
        final PublicJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
        attacker.setKeyId(ISSUER.currentKey().getKeyId());
        final String token = ISSUER.token()
                .signedWith(attacker, "RS256")
                .header("jwk", attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .sign();

        assertThat(bundle.rejectionOf(token)).isEqualTo(HEADER_NOT_ALLOWED);
    }

    @Test
    void rejectsRemoteKeyHeadersWithoutFetchingThem() {
        final int fetchesBefore = ISSUER.fetchCount();
        // jku and x5u point at the issuer's own JWKS, so any fetch of them would be counted there;
        // x5c need not hold a real certificate, as it must be refused before anyone looks at it.
        final Map<String, Object> remoteKeyHeaders = Map.of(
                "jku", ISSUER.jwksUrl() + "?from=jku",
                "x5u", ISSUER.jwksUrl() + "?from=x5u",
                "x5c", List.of(java.util.Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.US_ASCII))));
        remoteKeyHeaders.forEach((name, value) -> {
            final String token = ISSUER.token().keyId("attacker-kid").header(name, value).sign();
            assertThat(bundle.rejectionOf(token)).as(name).isEqualTo(HEADER_NOT_ALLOWED);
        });

        assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\u0000", "kid\nwith-newline", "kid\u007f", "k\u00efd", "\u202ekid", "\ud83d\udd11"})
    void rejectsKeyIdWithControlOrNonAsciiCharacters(String kid) {
        assertThat(bundle.rejectionOf(ISSUER.token().keyId(kid).sign())).isEqualTo(HEADER_NOT_ALLOWED);
    }

    @Test
    void rejectsHugeKeyIdWithoutFetching() {
        final int fetchesBefore = ISSUER.fetchCount();

        assertThat(bundle.rejectionOf(ISSUER.token().keyId("k".repeat(257)).sign())).isEqualTo(HEADER_NOT_ALLOWED);
        assertThat(bundle.rejectionOf(ISSUER.token().keyId("k".repeat(20_000)).sign())).isEqualTo(OVERSIZED);
        assertThat(ISSUER.fetchCount()).isEqualTo(fetchesBefore);
    }

    @Test
    void rejectsKeyIdThatIsNotAString() {
        for (Object kid : List.of(42, true, List.of("a"), Map.of("kid", "x"))) {
            assertThat(bundle.rejectionOf(ISSUER.token().header("kid", kid).sign())).as("%s", kid).isEqualTo(HEADER_NOT_ALLOWED);
        }
    }

    @Test
    void treatsPathAndSqlKeyIdsAsUnknownKeysAndFetchesAtMostOnce() {
        final int fetchesBefore = ISSUER.fetchCount();
        for (String kid : List.of("../../../../etc/passwd", "/dev/random", "' OR '1'='1' --", "\"; DROP TABLE keys; --",
                "${jndi:ldap://127.0.0.1/a}", "file:///etc/shadow")) {
            assertThat(bundle.rejectionOf(ISSUER.token().keyId(kid).sign())).as(kid).isEqualTo(UNKNOWN_KEY);
        }
        // The first unknown kid may refetch; the cooldown holds back every other one.
        assertThat(ISSUER.fetchCount() - fetchesBefore).isEqualTo(1);
    }

    @Test
    void rejectsCriticalHeaderItDoesNotUnderstand() {
        final String token = ISSUER.token().header("crit", List.of("exp")).header("exp", 1).sign();

        assertThat(bundle.rejectionOf(token)).isEqualTo(HEADER_NOT_ALLOWED);
    }

    @Test
    void rejectsUnencodedPayloadOption() {
        // The payload stays base64url-encoded, so only the b64 rule (not the shape check) can refuse it.
        final String claims = ISSUER.token().claimsJson();
        final String kid = ISSUER.currentKey().getKeyId();
        final String withCrit = RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"b64\":false,\"crit\":[\"b64\"]}",
                claims, ISSUER.currentKey(), "RS256");
        final String withoutCrit = RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"b64\":false}",
                claims, ISSUER.currentKey(), "RS256");

        assertThat(bundle.rejectionOf(withCrit)).isEqualTo(HEADER_NOT_ALLOWED);
        assertThat(bundle.rejectionOf(withoutCrit)).isEqualTo(HEADER_NOT_ALLOWED);
    }

    @Test
    void rejectsHeaderTypeOtherThanJwt() {
        for (String typ : List.of("dpop+jwt", "JOSE", "secevent+jwt", "", "applıcation/jwt", "at+jwt ")) {
            assertThat(bundle.rejectionOf(ISSUER.token().header("typ", typ).sign())).as(typ).isEqualTo(HEADER_NOT_ALLOWED);
        }
    }

    // ---------------------------------------------------------------- signatures

    @Test
    void rejectsEcdsaSignatureOfZeros() {
        // CVE-2022-21449: r = s = 0 verified for every message on unpatched JDKs 15 to 18. jose4j refuses
        // r or s of zero before the JDK sees them; this pins that the bundle's path still goes through that check.
        try (IssuerAuthentication ecBundle = IssuerAuthentication.against(EC_ISSUER, signatureProvider())) {
            final String token = RawJws.withSignature(EC_ISSUER.token().sign(), Base64Url.encode(new byte[64]));

            assertThat(ecBundle.rejectionOf(token)).isEqualTo(BAD_SIGNATURE);
        }
    }

    @Test
    void rejectsEcdsaSignatureOfWrongLengthOrInDerForm() {
        try (IssuerAuthentication ecBundle = IssuerAuthentication.against(EC_ISSUER, signatureProvider())) {
            final String token = EC_ISSUER.token().sign();
            final byte[] signature = Base64Url.decode(token.substring(token.lastIndexOf('.') + 1));
            final byte[] der = ecdsaDer(signature);

            assertThat(ecBundle.rejectionOf(RawJws.withSignature(token, Base64Url.encode(Arrays.copyOf(signature, 63)))))
                    .isEqualTo(BAD_SIGNATURE);
            assertThat(ecBundle.rejectionOf(RawJws.withSignature(token, Base64Url.encode(Arrays.copyOf(signature, 65)))))
                    .isEqualTo(BAD_SIGNATURE);
            assertThat(ecBundle.rejectionOf(RawJws.withSignature(token, Base64Url.encode(der)))).isEqualTo(BAD_SIGNATURE);
        }
    }

    @Test
    void rejectsRsaSignatureOfWrongLength() {
        final String token = ISSUER.token().sign();
        final byte[] signature = Base64Url.decode(token.substring(token.lastIndexOf('.') + 1));
        final byte[] leadingZero = new byte[signature.length + 1];
        System.arraycopy(signature, 0, leadingZero, 1, signature.length);

        assertThat(bundle.rejectionOf(RawJws.withSignature(token, Base64Url.encode(Arrays.copyOf(signature, 255)))))
                .isEqualTo(BAD_SIGNATURE);
        assertThat(bundle.rejectionOf(RawJws.withSignature(token, Base64Url.encode(leadingZero))))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderTheIssuersKid() throws Exception {
        final PublicJsonWebKey impostor = RsaJwkGenerator.generateJwk(2048);
        impostor.setKeyId(ISSUER.currentKey().getKeyId());

        assertThat(bundle.rejectionOf(ISSUER.token().signedWith(impostor, "RS256").sign())).isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void parsesTheClaimsOnlyAfterTheSignatureHolds() throws Exception {
        final PublicJsonWebKey impostor = RsaJwkGenerator.generateJwk(2048);
        final String header = "{\"alg\":\"RS256\",\"kid\":\"" + ISSUER.currentKey().getKeyId() + "\"}";
        final String notClaims = "{\"iss\":";

        assertThat(bundle.rejectionOf(RawJws.sign(header, notClaims, impostor, "RS256"))).isEqualTo(BAD_SIGNATURE);
        assertThat(bundle.rejectionOf(RawJws.sign(header, notClaims, ISSUER.currentKey(), "RS256"))).isEqualTo(INVALID_CLAIMS);
    }

    // ---------------------------------------------------------------- shape

    @Test
    void rejectsNonCanonicalBase64urlThatDecodesToTheSameSignature() {
        final String token = ISSUER.token().sign();
        final String signature = token.substring(token.lastIndexOf('.') + 1);
        // A 256-byte signature ends in two characters that leave four bits unused; setting one of
        // them changes the text but not the bytes, so a lenient decoder still verifies it.
        final char last = signature.charAt(signature.length() - 1);
        final String alias = signature.substring(0, signature.length() - 1) + nextSextet(last);
        assertThat(Base64Url.decode(alias)).isEqualTo(Base64Url.decode(signature));

        assertThat(bundle.rejectionOf(RawJws.withSignature(token, alias))).isEqualTo(MALFORMED);
    }

    @Test
    void rejectsPaddingStandardAlphabetAndWhitespace() {
        final String token = ISSUER.token().sign();
        final String[] parts = token.split("\\.");
        final String standardAlphabet = token.replace('-', '+').replace('_', '/');
        assertThat(standardAlphabet).isNotEqualTo(token);

        for (String variant : List.of(
                parts[0] + "=." + parts[1] + "." + parts[2],
                token + "==",
                standardAlphabet,
                parts[0] + ". " + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "\n." + parts[2],
                " " + token)) {
            assertThat(bundle.rejectionOf(variant)).isEqualTo(MALFORMED);
        }
    }

    @Test
    void rejectsMissingEmptyAndExtraSegments() {
        final String token = ISSUER.token().sign();
        final String[] parts = token.split("\\.");
        for (String variant : List.of(
                parts[0],
                parts[0] + "." + parts[1],
                "." + parts[1] + "." + parts[2],
                parts[0] + ".." + parts[2],
                token + ".",
                token + "." + parts[2],
                token + "." + parts[1] + "." + parts[2],
                "..",
                "")) {
            assertThat(bundle.rejectionOf(variant)).isEqualTo(MALFORMED);
        }
    }

    @Test
    void rejectsJweEvenWhenEncryptedToTheIssuersKey() throws Exception {
        final JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKey(ISSUER.currentKey().getPublicKey());
        jwe.setKeyIdHeaderValue(ISSUER.currentKey().getKeyId());
        jwe.setContentTypeHeaderValue("JWT");
        jwe.setPayload(ISSUER.token().sign());
        final String fiveSegments = jwe.getCompactSerialization();
        assertThat(fiveSegments.split("\\.", -1)).hasSize(5);

        assertThat(bundle.rejectionOf(fiveSegments)).isEqualTo(MALFORMED);
    }

    @Test
    void rejectsNestedJwt() {
        final String inner = ISSUER.token().sign();
        final String kid = ISSUER.currentKey().getKeyId();
        final String declared = RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"cty\":\"JWT\"}", inner,
                ISSUER.currentKey(), "RS256");
        final String undeclared = RawJws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", inner,
                ISSUER.currentKey(), "RS256");

        assertThat(bundle.rejectionOf(declared)).isEqualTo(HEADER_NOT_ALLOWED);
        // Signed, so parsed only after the signature holds: a JWT is no claims set.
        assertThat(bundle.rejectionOf(undeclared)).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void rejectsDuplicateClaimNames() {
        final String claims = ISSUER.token().claimsJson();
        final String header = "{\"alg\":\"RS256\",\"kid\":\"" + ISSUER.currentKey().getKeyId() + "\"}";
        // A second "azp" or "iss" last: a parser that keeps the last value would see the attacker's one.
        final String secondAzp = claims.substring(0, claims.length() - 1) + ",\"azp\":\"other-client\"}";
        final String secondIss = claims.substring(0, claims.length() - 1) + ",\"iss\":\"https://evil.example\"}";

        assertThat(bundle.rejectionOf(RawJws.sign(header, secondAzp, ISSUER.currentKey(), "RS256"))).isEqualTo(INVALID_CLAIMS);
        assertThat(bundle.rejectionOf(RawJws.sign(header, secondIss, ISSUER.currentKey(), "RS256"))).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void rejectsHeaderOrClaimsWithAnythingAfterTheObject() {
        final String claims = ISSUER.token().claimsJson();
        final String header = "{\"alg\":\"RS256\",\"kid\":\"" + ISSUER.currentKey().getKeyId() + "\"}";

        assertThat(bundle.rejectionOf(RawJws.sign(header, claims + "{\"iss\":\"https://evil.example\"}", ISSUER.currentKey(), "RS256")))
                .isEqualTo(INVALID_CLAIMS);
        assertThat(bundle.rejectionOf(RawJws.sign(header + " x", claims, ISSUER.currentKey(), "RS256"))).isEqualTo(MALFORMED);
    }

    @Test
    void rejectsDuplicateHeaderNames() {
        final String header = "{\"alg\":\"RS256\",\"kid\":\"" + ISSUER.currentKey().getKeyId() + "\",\"alg\":\"none\"}";

        assertThat(bundle.rejectionOf(RawJws.sign(header, ISSUER.token().claimsJson(), ISSUER.currentKey(), "RS256")))
                .isEqualTo(MALFORMED);
    }

    @Test
    void acceptsNestingUpToTheDepthLimitAndRejectsOneLevelMore() throws Exception {
        // The documented limit is 16 levels; the claims object is level one, so 15 arrays reach it.
        final String atLimit = ISSUER.token().claim("deep", nestedLists(15)).sign();
        final String overLimit = ISSUER.token().claim("deep", nestedLists(16)).sign();

        assertThat(bundle.accept(atLimit)).isNotNull();
        assertThat(bundle.rejectionOf(overLimit)).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void countsOnlyRealNestingNotBracketsInsideStrings() throws Exception {
        // Brackets inside strings, escaped quotes included, are text and must not count as depth.
        final String token = ISSUER.token().claim("note", "\\\"" + "[".repeat(100) + "{".repeat(100)).sign();

        assertThat(bundle.accept(token)).isNotNull();
    }

    @Test
    void rejectsOversizeTokenBeforeParsingIt() {
        // The documented default of tokenValidation.maxTokenLength.
        final int cap = 8192;
        // Neither base64url nor three segments: only a check that runs before parsing can say "oversized".
        assertThat(bundle.rejectionOf("{".repeat(cap + 1))).isEqualTo(OVERSIZED);
        assertThat(bundle.rejectionOf(ISSUER.token().claim("padding", "x".repeat(cap)).sign())).isEqualTo(OVERSIZED);
    }

    // ---------------------------------------------------------------- claims

    @Test
    void rejectsIdAndRefreshTokensWhereAnAccessTokenIsExpected() {
        final String idToken = ISSUER.token().type("ID").audience(ISSUER.clientId()).sign();
        final String refreshToken = ISSUER.token().type("Refresh").sign();
        final String untyped = ISSUER.token().without("typ").sign();
        final String lowerCase = ISSUER.token().type("bearer").sign();

        assertThat(bundle.rejectionOf(idToken)).isEqualTo(WRONG_TOKEN_TYPE);
        assertThat(bundle.rejectionOf(refreshToken)).isEqualTo(WRONG_TOKEN_TYPE);
        assertThat(bundle.rejectionOf(untyped)).isEqualTo(WRONG_TOKEN_TYPE);
        assertThat(bundle.rejectionOf(lowerCase)).isEqualTo(WRONG_TOKEN_TYPE);
    }

    @Test
    void acceptsIdTokensOnlyWhenEnabled() throws Exception {
        final String idToken = ISSUER.token().type("ID").audience(ISSUER.clientId()).sign();
        try (IssuerAuthentication idTokenBundle = IssuerAuthentication.against(ISSUER,
                signatureProvider().andThen(config -> config.getTokenValidation().setAcceptIdTokens(true)))) {
            assertThat(idTokenBundle.accept(idToken)).isNotNull();
            assertThat(idTokenBundle.rejectionOf(ISSUER.token().type("Refresh").sign())).isEqualTo(WRONG_TOKEN_TYPE);
        }
    }

    @Test
    void rejectsTokenWithoutExp() {
        assertThat(bundle.rejectionOf(ISSUER.token().without("exp").sign())).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void rejectsNonNumericExp() {
        for (Object exp : List.of("tomorrow", String.valueOf(Instant.now().plusSeconds(60).getEpochSecond()), true,
                List.of(Instant.now().plusSeconds(60).getEpochSecond()), Map.of("$date", 1))) {
            assertThat(bundle.rejectionOf(ISSUER.token().claim("exp", exp).sign())).as("%s", exp).isEqualTo(INVALID_CLAIMS);
        }
    }

    @Test
    void rejectsExpFartherAheadThanTheMaximumLifetime() {
        final Duration max = bundle.config().getTokenValidation().getMaxTokenLifetime().toJavaDuration();
        final String farFuture = ISSUER.token().expiresIn(max.plusHours(1)).sign();
        final String farFutureWithoutIat = ISSUER.token().without("iat").expiresIn(max.plusHours(1)).sign();
        final String hugeExp = ISSUER.token().claim("exp", 1e300).sign();
        // Short remaining life, but claims a lifetime (exp - iat) longer than allowed.
        final String longLived = ISSUER.token().issuedAt(Instant.now().minus(max)).expiresIn(Duration.ofMinutes(5)).sign();

        assertThat(bundle.rejectionOf(farFuture)).isEqualTo(LIFETIME_TOO_LONG);
        assertThat(bundle.rejectionOf(farFutureWithoutIat)).isEqualTo(LIFETIME_TOO_LONG);
        assertThat(bundle.rejectionOf(hugeExp)).isEqualTo(LIFETIME_TOO_LONG);
        assertThat(bundle.rejectionOf(longLived)).isEqualTo(LIFETIME_TOO_LONG);
    }

    @Test
    void rejectsExpiredTokenBeyondTheClockSkewOnly() throws Exception {
        final Duration skew = bundle.config().getTokenValidation().getClockSkew().toJavaDuration();

        final Instant issued = Instant.now().minus(Duration.ofMinutes(10));

        assertThat(bundle.rejectionOf(ISSUER.token().issuedAt(issued).expiresIn(skew.plusSeconds(5).negated()).sign()))
                .isEqualTo(EXPIRED);
        assertThat(bundle.accept(ISSUER.token().issuedAt(issued).expiresIn(skew.minusSeconds(10).negated()).sign()))
                .isNotNull();
    }

    @Test
    void reportsExpBeforeIatAsInvalidClaimsRatherThanAsABadSignature() {
        // jose4j files this under its catch-all error code, which it also uses for signatures it cannot check.
        final String token = ISSUER.token().issuedAt(Instant.now()).expiresAt(Instant.now().minusSeconds(5)).sign();

        assertThat(bundle.rejectionOf(token)).isEqualTo(INVALID_CLAIMS);
    }

    @Test
    void rejectsNotBeforeAndIssuedAtInTheFutureBeyondTheClockSkewOnly() throws Exception {
        final Duration skew = bundle.config().getTokenValidation().getClockSkew().toJavaDuration();
        final Instant beyondSkew = Instant.now().plus(skew).plusSeconds(10);
        final Instant withinSkew = Instant.now().plus(skew).minusSeconds(10);

        assertThat(bundle.rejectionOf(ISSUER.token().notBefore(beyondSkew).sign())).isEqualTo(NOT_YET_VALID);
        assertThat(bundle.rejectionOf(ISSUER.token().issuedAt(beyondSkew).sign())).isEqualTo(NOT_YET_VALID);
        assertThat(bundle.accept(ISSUER.token().notBefore(withinSkew).sign())).isNotNull();
        assertThat(bundle.accept(ISSUER.token().issuedAt(withinSkew).sign())).isNotNull();
    }

    @Test
    void rejectsIssuerThatDiffersOnlyByTrailingSlashOrCase() {
        final String issuer = ISSUER.issuer();
        for (String near : List.of(issuer + "/", issuer.toUpperCase(), issuer.replace("/realms/test", "/realms/Test"),
                issuer.replace("http://", "https://"), issuer + " ")) {
            assertThat(bundle.rejectionOf(ISSUER.token().claim("iss", near).sign())).as(near).isEqualTo(WRONG_ISSUER);
        }
        assertThat(bundle.rejectionOf(ISSUER.token().without("iss").sign())).isEqualTo(WRONG_ISSUER);
    }

    @Test
    void rejectsTokenIssuedToAnotherClient() throws Exception {
        assertThat(bundle.rejectionOf(ISSUER.token().authorizedParty("other-client").sign())).isEqualTo(WRONG_AUDIENCE);
        assertThat(bundle.rejectionOf(ISSUER.token().without("azp").sign())).isEqualTo(WRONG_AUDIENCE);
        assertThat(bundle.rejectionOf(ISSUER.token().authorizedParty("other-client")
                .audience("account", ISSUER.clientId().toUpperCase()).sign())).isEqualTo(WRONG_AUDIENCE);
        assertThat(bundle.rejectionOf(ISSUER.token().claim("azp", List.of(ISSUER.clientId())).sign())).isEqualTo(INVALID_CLAIMS);
        // Another client's token that names this client as an audience is meant for it.
        assertThat(bundle.accept(ISSUER.token().authorizedParty("other-client").audience("account", ISSUER.clientId()).sign()))
                .isNotNull();
    }

    @Test
    void rejectsTokenWhosePrincipalClaimIsMissingEmptyOrNotAString() {
        assertThat(bundle.rejectionOf(ISSUER.token().without("email").without("preferred_username").without("sub").sign()))
                .isEqualTo(NO_PRINCIPAL);
        for (Object value : List.of("", "   ", 42, true, List.of("alice@example.com"), Map.of("a", "b"))) {
            assertThat(bundle.rejectionOf(ISSUER.token().claim("email", value).sign())).as("%s", value).isEqualTo(NO_PRINCIPAL);
        }
    }

    @Test
    void treatsJsonNullPrincipalClaimAsAbsentAndUsesTheNextOne() throws Exception {
        assertThat(bundle.accept(ISSUER.token().username("bob").claim("email", null).sign()).name()).isEqualTo("bob");
    }

    // ---------------------------------------------------------------- helpers

    private static List<Object> nestedLists(int depth) {
        List<Object> list = List.of("bottom");
        for (int i = 1; i < depth; i++) {
            list = List.of(list);
        }
        return list;
    }

    private static char nextSextet(char c) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(c) + 1);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** DER SEQUENCE { INTEGER r, INTEGER s } of a P-256 r || s signature, as a JCA signer would emit it. */
    private static byte[] ecdsaDer(byte[] concatenated) {
        try {
            return org.jose4j.jws.EcdsaUsingShaAlgorithm.convertConcatenatedToDer(concatenated);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
