package io.github.datasec.dwauth.session;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The ID token of the code flow (OpenID Connect Core 3.1.3.7), checked with the bundle's own key sets:
 * signature with the configured algorithm, {@code iss}, {@code aud} naming the client, {@code azp}
 * (required with several audiences), {@code exp}, {@code iat}, {@code nonce}, and {@code at_hash}
 * when present. A token without {@code nonce}, such as a logout token, never passes when nonces are on.
 */
final class IdTokenVerifier {
    private final JwtConsumer consumer;
    private final String clientId;
    private final String algorithm;

    IdTokenVerifier(CodeFlowSettings settings, VerificationKeyResolver keys) {
        this.clientId = settings.clientId();
        this.algorithm = settings.algorithm();
        this.consumer = consumerFor(settings, keys).setRequireExpirationTime().setRequireSubject().build();
    }

    /** The builder both provider tokens share: algorithm, keys, issuer, audience and clock skew. */
    static JwtConsumerBuilder consumerFor(CodeFlowSettings settings, VerificationKeyResolver keys) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, settings.algorithm())
                .setJweAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT)
                .setVerificationKeyResolver(keys)
                .setExpectedIssuer(true, settings.issuer())
                .setExpectedAudience(true, settings.clientId())
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(settings.clockSkewSeconds());
    }

    JwtClaims verify(String idToken, String expectedNonce, String accessToken) throws ProviderTokenRejectedException {
        final JwtContext context;
        try {
            context = consumer.process(idToken);
        } catch (InvalidJwtException | RuntimeException e) {
            throw new ProviderTokenRejectedException("ID token failed signature, issuer, audience or time checks");
        }
        final JwtClaims claims = context.getJwtClaims();
        try {
            final List<String> audiences = claims.getAudience();
            final String azp = claims.getStringClaimValue("azp");
            if ((audiences.size() > 1 || azp != null) && !clientId.equals(azp)) {
                throw new ProviderTokenRejectedException("ID token azp is not this client");
            }
            if (!expectedNonce.isEmpty() && !expectedNonce.equals(claims.getStringClaimValue("nonce"))) {
                throw new ProviderTokenRejectedException("ID token nonce does not match the sign-in");
            }
            final String atHash = claims.getStringClaimValue("at_hash");
            if (atHash != null && !atHash.equals(leftHalfHash(accessToken, algorithm))) {
                throw new ProviderTokenRejectedException("ID token at_hash does not match the access token");
            }
        } catch (MalformedClaimException e) {
            throw new ProviderTokenRejectedException("ID token has a malformed claim");
        }
        return claims;
    }

    /** OpenID Connect Core 3.1.3.6: base64url of the left half of the hash the signature algorithm uses. */
    static String leftHalfHash(String value, String algorithm) {
        final String digest = "SHA-" + algorithm.substring(2);
        try {
            final byte[] hash = MessageDigest.getInstance(digest).digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no " + digest + " for " + algorithm, e);
        }
    }
}
