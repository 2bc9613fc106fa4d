package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** How key sets are fetched and cached. */
public class JwksConfiguration {
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration connectTimeout = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration readTimeout = Duration.seconds(5);

    /** Lifetime of a key set when the response carries no Cache-Control or Expires. */
    @NotNull
    @JsonProperty
    private Duration cacheDuration = Duration.minutes(10);

    /** Bounds applied to what Cache-Control / Expires ask for; at least a second, so no-cache never means a fetch per request. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration minCacheDuration = Duration.minutes(1);

    @NotNull
    @JsonProperty
    private Duration maxCacheDuration = Duration.hours(24);

    /** Shortest time between two fetches of one URL caused by tokens with an unknown kid; at least a second, so zero never means a fetch per request. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration refetchCooldown = Duration.seconds(30);

    /** How long the last good key set keeps serving while the key endpoint fails; a retired key must not serve for weeks. */
    @NotNull
    @MaxDuration(value = 7, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration retainOnError = Duration.hours(6);

    @NotNull
    @JsonProperty
    private DataSize maxResponseSize = DataSize.kibibytes(512);

    /** Permit plain http:// key URLs for hosts other than loopback (logged as a warning). */
    @JsonProperty
    private boolean allowInsecureHttp = false;

    public Duration getConnectTimeout() { return connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public Duration getCacheDuration() { return cacheDuration; }
    public Duration getMinCacheDuration() { return minCacheDuration; }
    public Duration getMaxCacheDuration() { return maxCacheDuration; }
    public Duration getRefetchCooldown() { return refetchCooldown; }
    public Duration getRetainOnError() { return retainOnError; }
    public DataSize getMaxResponseSize() { return maxResponseSize; }
    public boolean isAllowInsecureHttp() { return allowInsecureHttp; }

    public JwksConfiguration setConnectTimeout(Duration value) { this.connectTimeout = value; return this; }
    public JwksConfiguration setReadTimeout(Duration value) { this.readTimeout = value; return this; }
    public JwksConfiguration setCacheDuration(Duration value) { this.cacheDuration = value; return this; }
    public JwksConfiguration setMinCacheDuration(Duration value) { this.minCacheDuration = value; return this; }
    public JwksConfiguration setMaxCacheDuration(Duration value) { this.maxCacheDuration = value; return this; }
    public JwksConfiguration setRefetchCooldown(Duration value) { this.refetchCooldown = value; return this; }
    public JwksConfiguration setRetainOnError(Duration value) { this.retainOnError = value; return this; }
    public JwksConfiguration setMaxResponseSize(DataSize value) { this.maxResponseSize = value; return this; }
    public JwksConfiguration setAllowInsecureHttp(boolean value) { this.allowInsecureHttp = value; return this; }
}
