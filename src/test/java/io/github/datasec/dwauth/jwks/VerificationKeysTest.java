package io.github.datasec.dwauth.jwks;

import io.github.datasec.dwauth.support.Jwks;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which entries of a published key set may verify signatures, and that bad ones never spoil good ones. */
class VerificationKeysTest {
    private static PublicJsonWebKey rsa;
    private static PublicJsonWebKey ec;

    @BeforeAll
    static void generateKeys() throws JoseException {
        rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa-sig");
        rsa.setUse("sig");
        rsa.setAlgorithm("RS256");
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-sig");
    }

    @Test
    void keepsPublicSigningKeys() throws JoseException {
        final VerificationKeys keys = VerificationKeys.parse(Jwks.of(rsa, ec));

        assertThat(keys.kids()).containsExactlyInAnyOrder("rsa-sig", "ec-sig");
        assertThat(keys.skipped()).isEmpty();
    }

    @Test
    void skipsEncryptionKeysLikeKeycloaksRsaOaepKey() throws JoseException {
        final PublicJsonWebKey encryption = RsaJwkGenerator.generateJwk(2048);
        encryption.setKeyId("rsa-enc");
        encryption.setUse("enc");
        encryption.setAlgorithm("RSA-OAEP");
        final String encryptOnly = publicJson(ec, Map.of("kid", "ec-encrypt", "key_ops", List.of("encrypt")));

        final VerificationKeys keys = VerificationKeys.parse(Jwks.withRawEntries(List.of(rsa, encryption), List.of(encryptOnly)));

        assertThat(keys.kids()).containsExactly("rsa-sig");
        assertThat(keys.skipped()).hasSize(2).anySatisfy(why -> assertThat(why).contains("rsa-enc").contains("enc"))
                .anySatisfy(why -> assertThat(why).contains("key_ops"));
    }

    @Test
    void skipsSymmetricAndUnsupportedKeyTypes() throws JoseException {
        final OctetKeyPairJsonWebKey ed25519 = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        ed25519.setKeyId("okp");
        final String oct = "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\",\"alg\":\"HS256\"}";

        final VerificationKeys keys = VerificationKeys.parse(Jwks.withRawEntries(List.of(rsa, ed25519), List.of(oct)));

        assertThat(keys.kids()).containsExactly("rsa-sig");
        assertThat(keys.skipped()).hasSize(2).allSatisfy(why -> assertThat(why).contains("cannot verify an asymmetric signature"));
    }

    @Test
    void skipsKeysThatPublishPrivateParts() throws JoseException {
        final PublicJsonWebKey leakedRsa = RsaJwkGenerator.generateJwk(2048);
        leakedRsa.setKeyId("rsa-private");
        final PublicJsonWebKey leakedEc = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        leakedEc.setKeyId("ec-private");
        // A public key with only one CRT factor added is still a leak.
        final String partialRsa = publicJson(rsa, Map.of("kid", "rsa-with-p", "p", "AQAB"));

        final VerificationKeys keys = VerificationKeys.parse("{\"keys\":["
                + leakedRsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE) + ","
                + leakedEc.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE) + ","
                + partialRsa + "," + ec.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}");

        assertThat(keys.kids()).containsExactly("ec-sig");
        assertThat(keys.skipped()).hasSize(3).allSatisfy(why -> assertThat(why).contains("private key material"));
    }

    @Test
    void skipsRsaKeysUnder2048Bits() throws JoseException {
        final PublicJsonWebKey weak = RsaJwkGenerator.generateJwk(1024);
        weak.setKeyId("rsa-1024");
        final PublicJsonWebKey almost = RsaJwkGenerator.generateJwk(2040);
        almost.setKeyId("rsa-2040");

        final VerificationKeys keys = VerificationKeys.parse(Jwks.of(weak, almost, rsa));

        assertThat(keys.kids()).containsExactly("rsa-sig");
        assertThat(keys.skipped()).anySatisfy(why -> assertThat(why).contains("1024 bits"))
                .anySatisfy(why -> assertThat(why).contains("2040 bits"));
    }

    @Test
    void oneBrokenEntryDoesNotSpoilTheOthers() throws JoseException {
        final VerificationKeys keys = VerificationKeys.parse(Jwks.withRawEntries(List.of(rsa, ec), List.of(
                "{\"kty\":\"RSA\",\"kid\":\"bad-modulus\",\"n\":\"!!!\",\"e\":\"AQAB\"}",
                "{\"kty\":\"RSA\",\"kid\":\"no-exponent\",\"n\":\"" + "A".repeat(342) + "\"}",
                "{\"kty\":\"EC\",\"kid\":\"unknown-curve\",\"crv\":\"P-192\",\"x\":\"AA\",\"y\":\"AA\"}",
                publicJson(rsa, Map.of("kid", "alg-not-a-string", "alg", 42)),
                "\"just a string\"",
                "null",
                "{}")));

        assertThat(keys.kids()).containsExactlyInAnyOrder("rsa-sig", "ec-sig");
        assertThat(keys.skipped()).hasSize(7);
    }

    @Test
    void skippedReasonsNeverCarryControlCharactersOrUnboundedText() throws JoseException {
        final String hostileKid = "evil\n\u001b[31m" + "x".repeat(500);
        final VerificationKeys keys = VerificationKeys.parse(Jwks.withRawEntries(List.of(rsa), List.of(
                "{\"kty\":\"oct\",\"kid\":\"" + hostileKid.replace("\n", "\\n").replace("\u001b", "\\u001b") + "\",\"k\":\"AA\"}")));

        assertThat(keys.skipped()).singleElement().satisfies(why -> {
            assertThat(why).doesNotContain("\n").doesNotContain("\u001b");
            assertThat(why.length()).isLessThan(200);
        });
    }

    @Test
    void refusesADocumentThatIsNotAKeySet() {
        assertThatThrownBy(() -> VerificationKeys.parse("{\"keys\":{}}")).isInstanceOf(JoseException.class);
        assertThatThrownBy(() -> VerificationKeys.parse("{\"issuer\":\"x\"}")).isInstanceOf(JoseException.class);
        assertThatThrownBy(() -> VerificationKeys.parse("<html>")).isInstanceOf(JoseException.class);
    }

    /** The key's public JSON with some members replaced or added. */
    private static String publicJson(JsonWebKey key, Map<String, Object> changes) {
        final Map<String, Object> params = new LinkedHashMap<>(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        params.putAll(changes);
        return JsonUtil.toJson(params);
    }

    @Test
    void retiresAKidThatIsDroppedOrPublishedWithOtherKeyMaterial() throws JoseException {
        final PublicJsonWebKey replacement = RsaJwkGenerator.generateJwk(2048);
        replacement.setKeyId("rsa-sig");
        replacement.setUse("sig");
        replacement.setAlgorithm("RS256");
        final VerificationKeys before = VerificationKeys.parse(Jwks.of(rsa, ec));

        assertThat(before.kidsRetiredBy(VerificationKeys.parse(Jwks.of(rsa, ec)))).isEmpty();
        assertThat(before.kidsRetiredBy(VerificationKeys.parse(Jwks.of(rsa)))).containsExactly("ec-sig");
        assertThat(before.kidsRetiredBy(VerificationKeys.parse(Jwks.of(replacement, ec)))).containsExactly("rsa-sig");
    }

    @Test
    void noticesWhenAKeyWithoutKidLeavesTheSet() throws JoseException {
        final PublicJsonWebKey anonymous = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        final VerificationKeys before = VerificationKeys.parse(Jwks.of(rsa, anonymous));

        assertThat(before.keyWithoutKidRetiredBy(VerificationKeys.parse(Jwks.of(rsa, anonymous)))).isFalse();
        assertThat(before.keyWithoutKidRetiredBy(VerificationKeys.parse(Jwks.of(rsa)))).isTrue();
        assertThat(before.kidsRetiredBy(VerificationKeys.parse(Jwks.of(rsa)))).isEmpty();
    }
}
