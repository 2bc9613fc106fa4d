package io.github.datasec.dwauth.jwks;

import com.codahale.metrics.health.HealthCheck;
import io.github.datasec.dwauth.health.JwksHealthCheck;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.support.Jwks;
import io.github.datasec.dwauth.support.MutableClock;
import io.github.datasec.dwauth.support.StubJwksEndpoint;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.jose4j.http.SimpleGet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several {@code publicKeyUrls}. There is one {@code authority}, so one accepted {@code iss}; every
 * configured key set is trusted to sign for it. A token's kid (and algorithm) picks the key, from
 * whichever set holds it; the same key published by two sets is still one key, while two different
 * keys under one kid are refused as ambiguous.
 */
class SeveralKeySetsTest {
    private static final String URL_A = "https://a.example/certs";
    private static final String URL_B = "https://b.example/certs";

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    private static PublicJsonWebKey keyA;
    private static PublicJsonWebKey keyB;

    private final MutableClock clock = MutableClock.startingNow();

    @BeforeAll
    static void generateKeys() throws JoseException {
        keyA = key("key-a");
        keyB = key("key-b");
    }

    @Test
    void eachTokenIsVerifiedWithTheKeySetThatHoldsItsKid() throws Exception {
        try (IssuerAuthentication bundle = bundle(new StubJwksEndpoint(Jwks.of(keyA)), new StubJwksEndpoint(Jwks.of(keyB)))) {
            assertThat(bundle.accept(ISSUER.token().signedWith(keyA, "RS256").username("from-a").sign()).name()).isEqualTo("from-a");
            assertThat(bundle.accept(ISSUER.token().signedWith(keyB, "RS256").username("from-b").sign()).name()).isEqualTo("from-b");
        }
    }

    @Test
    void everyKeySetSignsForTheOneAuthorityAndNoOther() throws Exception {
        try (IssuerAuthentication bundle = bundle(new StubJwksEndpoint(Jwks.of(keyA)), new StubJwksEndpoint(Jwks.of(keyB)))) {
            final String otherIssuer = "https://b.example/realms/other";

            assertThat(bundle.accept(ISSUER.token().signedWith(keyB, "RS256").sign())).isNotNull();
            assertThat(bundle.rejectionOf(ISSUER.token().signedWith(keyB, "RS256").claim("iss", otherIssuer).sign()))
                    .isEqualTo(RejectionReason.WRONG_ISSUER);
        }
    }

    @Test
    void theSameKeyPublishedByTwoKeySetsIsStillOneKey() throws Exception {
        // E.g. one Keycloak listed under its internal and its public host name.
        try (IssuerAuthentication bundle = bundle(new StubJwksEndpoint(Jwks.of(keyA)), new StubJwksEndpoint(Jwks.of(keyA, keyB)))) {
            assertThat(bundle.accept(ISSUER.token().signedWith(keyA, "RS256").sign())).isNotNull();
        }
    }

    @Test
    void twoDifferentKeysUnderOneKidAreRefusedAsAmbiguous() throws Exception {
        final PublicJsonWebKey impostor = key(keyA.getKeyId());
        try (IssuerAuthentication bundle = bundle(new StubJwksEndpoint(Jwks.of(keyA)), new StubJwksEndpoint(Jwks.of(impostor)))) {
            assertThat(bundle.rejectionOf(ISSUER.token().signedWith(keyA, "RS256").sign())).isEqualTo(RejectionReason.UNKNOWN_KEY);
            assertThat(bundle.rejectionOf(ISSUER.token().signedWith(impostor, "RS256").sign())).isEqualTo(RejectionReason.UNKNOWN_KEY);
        }
    }

    @Test
    void aKeySetThatNeverAnswersDoesNotStopTokensOfAnotherAndTheHealthCheckNamesIt() throws Exception {
        final StubJwksEndpoint down = new StubJwksEndpoint(Jwks.of(keyB));
        down.failWith(new IOException("connection refused"));
        try (IssuerAuthentication bundle = bundle(new StubJwksEndpoint(Jwks.of(keyA)), down)) {
            assertThat(bundle.accept(ISSUER.token().signedWith(keyA, "RS256").sign())).isNotNull();
            assertThat(bundle.rejectionOf(ISSUER.token().signedWith(keyB, "RS256").sign())).isEqualTo(RejectionReason.UNKNOWN_KEY);

            final HealthCheck.Result health = new JwksHealthCheck(bundle.authentication().keySets(), clock).execute();
            assertThat(health.isHealthy()).isFalse();
            assertThat(health.getMessage()).contains(URL_B + ": keys were never fetched").contains("connection refused")
                    .doesNotContain(URL_A);
        }
    }

    @Test
    void aKeyWhoseAlgDiffersFromTheTokensIsNotUsed() throws Exception {
        final PublicJsonWebKey rs512Key = key("rs512-key");
        rs512Key.setAlgorithm("RS512");
        try (IssuerAuthentication bundle = bundle(new StubJwksEndpoint(Jwks.of(keyA)), new StubJwksEndpoint(Jwks.of(rs512Key)))) {
            assertThat(bundle.rejectionOf(ISSUER.token().signedWith(rs512Key, "RS256").sign())).isEqualTo(RejectionReason.UNKNOWN_KEY);
        }
    }

    private IssuerAuthentication bundle(StubJwksEndpoint a, StubJwksEndpoint b) {
        final Map<String, StubJwksEndpoint> byUrl = Map.of(URL_A, a, URL_B, b);
        final SimpleGet http = url -> byUrl.get(url).get(url);
        return IssuerAuthentication.withKeysFrom(http, ISSUER, config -> config.setPublicKeyUrls(List.of(URL_A, URL_B)), clock);
    }

    static PublicJsonWebKey key(String kid) throws JoseException {
        final PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        key.setUse("sig");
        key.setAlgorithm("RS256");
        return key;
    }
}
