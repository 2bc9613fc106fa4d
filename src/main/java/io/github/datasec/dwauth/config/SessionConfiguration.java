package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * The bundle's {@code sessions} block: where confidential-mode sessions are kept and how long they
 * live when unused. The absolute lifetime is OpenMetadata's {@code oidcConfiguration.sessionExpiry}.
 */
public class SessionConfiguration {
    @NotNull @JsonProperty private SessionStoreType store = SessionStoreType.MEMORY;

    /** {@code redis://host:port[/db]} or {@code rediss://} for TLS; required when the store is Redis. */
    @NotNull @JsonProperty private String redisUri = "";

    /** Prefix of every key the bundle writes, so that several applications can share one Redis. */
    @NotNull @JsonProperty private String redisKeyPrefix = "dwauth:";

    @NotNull
    @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration redisTimeout = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration idleTimeout = Duration.hours(1);

    @Min(1) @Max(1000) @JsonProperty private int maxActiveSessionsPerUser = 10;

    public SessionStoreType getStore() { return store; }
    public String getRedisUri() { return redisUri; }
    public String getRedisKeyPrefix() { return redisKeyPrefix; }
    public Duration getRedisTimeout() { return redisTimeout; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public int getMaxActiveSessionsPerUser() { return maxActiveSessionsPerUser; }

    public SessionConfiguration setStore(SessionStoreType value) { this.store = value; return this; }
    public SessionConfiguration setRedisUri(String value) { this.redisUri = value; return this; }
    public SessionConfiguration setRedisKeyPrefix(String value) { this.redisKeyPrefix = value; return this; }
    public SessionConfiguration setRedisTimeout(Duration value) { this.redisTimeout = value; return this; }
    public SessionConfiguration setIdleTimeout(Duration value) { this.idleTimeout = value; return this; }
    public SessionConfiguration setMaxActiveSessionsPerUser(int value) { this.maxActiveSessionsPerUser = value; return this; }
}
