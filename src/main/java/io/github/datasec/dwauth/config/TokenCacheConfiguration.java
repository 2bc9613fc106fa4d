package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The cache of verified principals; an entry never outlives its token's exp. */
public class TokenCacheConfiguration {
    @JsonProperty
    private boolean enabled = true;

    @Min(1)
    @Max(10_000_000)
    @JsonProperty
    private long maxEntries = 10_000;

    /** Upper bound on an entry's life, below the token's own exp; bounds revocation latency. */
    @NotNull
    @JsonProperty
    private Duration maxTimeToLive = Duration.minutes(5);

    public boolean isEnabled() { return enabled; }
    public long getMaxEntries() { return maxEntries; }
    public Duration getMaxTimeToLive() { return maxTimeToLive; }

    public TokenCacheConfiguration setEnabled(boolean enabled) { this.enabled = enabled; return this; }
    public TokenCacheConfiguration setMaxEntries(long maxEntries) { this.maxEntries = maxEntries; return this; }
    public TokenCacheConfiguration setMaxTimeToLive(Duration maxTimeToLive) { this.maxTimeToLive = maxTimeToLive; return this; }
}
