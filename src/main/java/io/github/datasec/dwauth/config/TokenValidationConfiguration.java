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

/** The bundle's own token rules, beside OpenMetadata's fields. */
public class TokenValidationConfiguration {
    /** Allowed difference between our clock and the issuer's for exp, nbf and iat. */
    @NotNull
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration clockSkew = Duration.seconds(30);

    /** Values of the {@code typ} claim that are accepted; Keycloak access tokens carry "Bearer". */
    @NotEmpty
    @JsonProperty
    private List<String> tokenTypes = List.of("Bearer");

    /**
     * Accept Keycloak ID tokens ({@code typ: ID}, {@code aud == clientId}) as well, for
     * OpenMetadata-style clients that send the id_token as the bearer.
     */
    @JsonProperty
    private boolean acceptIdTokens = false;

    /** Audiences accepted besides {@code clientId} (matched against {@code aud}). */
    @NotNull
    @JsonProperty
    private List<String> audiences = List.of();

    /**
     * The provider's own services that may share {@code aud} with a token of this client (Keycloak
     * adds {@code account}, its account console): a token with {@code azp == clientId} is accepted
     * when its {@code aud} names nothing else.
     */
    @NotNull
    @JsonProperty
    private List<String> accountAudiences = List.of("account");

    /**
     * Claims whose addresses are identity although the token has no {@code email_verified: true},
     * for providers that vouch for them another way. Empty: only verified emails name a user.
     */
    @NotNull
    @JsonProperty
    private List<String> unverifiedEmailClaims = List.of();

    /**
     * The provider that verifies signatures. {@code accp} needs Amazon Corretto Crypto Provider on the
     * class path and passing its self-test; it is used directly, never registered JVM-wide.
     */
    @NotNull
    @JsonProperty
    private CryptoProvider cryptoProvider = CryptoProvider.DEFAULT;

    /** Tokens longer than this are refused before any parsing. */
    @Min(256)
    @Max(1_048_576)
    @JsonProperty
    private int maxTokenLength = 8192;

    /** Tokens whose exp lies further ahead than this (from iat, or from now) are refused. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 7, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration maxTokenLifetime = Duration.hours(24);

    /**
     * DPoP (RFC 9449). Allowed by default: bearer clients keep working, and a token bound to a key
     * is never accepted without a proof of that key, whatever the mode.
     */
    @NotNull
    @JsonProperty
    private DpopMode dpop = DpopMode.ALLOWED;

    public Duration getClockSkew() { return clockSkew; }
    public List<String> getTokenTypes() { return tokenTypes; }
    public boolean isAcceptIdTokens() { return acceptIdTokens; }
    public List<String> getAudiences() { return audiences; }
    public List<String> getAccountAudiences() { return accountAudiences; }
    public List<String> getUnverifiedEmailClaims() { return unverifiedEmailClaims; }
    public int getMaxTokenLength() { return maxTokenLength; }
    public CryptoProvider getCryptoProvider() { return cryptoProvider; }
    public Duration getMaxTokenLifetime() { return maxTokenLifetime; }
    public DpopMode getDpop() { return dpop; }

    public TokenValidationConfiguration setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; return this; }
    public TokenValidationConfiguration setTokenTypes(List<String> tokenTypes) { this.tokenTypes = tokenTypes; return this; }
    public TokenValidationConfiguration setAcceptIdTokens(boolean acceptIdTokens) { this.acceptIdTokens = acceptIdTokens; return this; }
    public TokenValidationConfiguration setAudiences(List<String> audiences) { this.audiences = audiences; return this; }
    public TokenValidationConfiguration setAccountAudiences(List<String> audiences) { this.accountAudiences = audiences; return this; }
    public TokenValidationConfiguration setUnverifiedEmailClaims(List<String> claims) { this.unverifiedEmailClaims = claims; return this; }
    public TokenValidationConfiguration setMaxTokenLength(int maxTokenLength) { this.maxTokenLength = maxTokenLength; return this; }
    public TokenValidationConfiguration setCryptoProvider(CryptoProvider cryptoProvider) { this.cryptoProvider = cryptoProvider; return this; }
    public TokenValidationConfiguration setMaxTokenLifetime(Duration maxTokenLifetime) { this.maxTokenLifetime = maxTokenLifetime; return this; }
    public TokenValidationConfiguration setDpop(DpopMode dpop) { this.dpop = dpop; return this; }
}
