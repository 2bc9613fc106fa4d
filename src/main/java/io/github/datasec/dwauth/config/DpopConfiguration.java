package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** How DPoP proofs (RFC 9449) are checked; whether DPoP is on at all is {@code tokenValidation.dpop}. */
public class DpopConfiguration {
    /** Signature algorithms a proof may use; asymmetric only. */
    @NotEmpty
    @JsonProperty
    private List<String> algorithms = List.of("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

    /** How old a proof's {@code iat} may be (plus {@code tokenValidation.clockSkew}); also how long its jti is remembered. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration proofLifetime = Duration.seconds(60);

    /** How many proof ids are remembered; when full, new proofs are refused until old ones age out. */
    @Min(1000)
    @Max(10_000_000)
    @JsonProperty
    private int replayCacheSize = 100_000;

    /** Require a server-issued nonce in every proof ({@code DPoP-Nonce}, {@code use_dpop_nonce}). */
    @JsonProperty
    private boolean requireNonce = false;

    /**
     * The scheme, host, port and path prefix clients use to reach this application, e.g.
     * {@code https://api.example.com}; the expected {@code htu} is it plus the request path. Empty:
     * taken from the request (the Host header), or the forwarded headers when trusted.
     */
    @NotNull
    @JsonProperty
    private String publicBaseUrl = "";

    /** Take scheme, host and port from {@code X-Forwarded-Proto/Host/Port}; only behind a proxy that sets them. */
    @JsonProperty
    private boolean trustForwardedHeaders = false;

    public List<String> getAlgorithms() { return algorithms; }
    public Duration getProofLifetime() { return proofLifetime; }
    public int getReplayCacheSize() { return replayCacheSize; }
    public boolean isRequireNonce() { return requireNonce; }
    public String getPublicBaseUrl() { return publicBaseUrl; }
    public boolean isTrustForwardedHeaders() { return trustForwardedHeaders; }

    public DpopConfiguration setAlgorithms(List<String> algorithms) { this.algorithms = algorithms; return this; }
    public DpopConfiguration setProofLifetime(Duration proofLifetime) { this.proofLifetime = proofLifetime; return this; }
    public DpopConfiguration setReplayCacheSize(int replayCacheSize) { this.replayCacheSize = replayCacheSize; return this; }
    public DpopConfiguration setRequireNonce(boolean requireNonce) { this.requireNonce = requireNonce; return this; }
    public DpopConfiguration setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; return this; }
    public DpopConfiguration setTrustForwardedHeaders(boolean trust) { this.trustForwardedHeaders = trust; return this; }
}
