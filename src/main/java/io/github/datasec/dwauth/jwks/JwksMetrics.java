package io.github.datasec.dwauth.jwks;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

/** The meters of key set handling, registered once per bundle. */
public final class JwksMetrics {
    public static final String PREFIX = "oidc-auth.jwks";

    private final Meter fetches;
    private final Meter failures;
    private final Meter unknownKidRefetches;
    private final Meter unknownKidCooldownRejections;

    public JwksMetrics(MetricRegistry registry) {
        this.fetches = registry.meter(MetricRegistry.name(PREFIX, "fetches"));
        this.failures = registry.meter(MetricRegistry.name(PREFIX, "fetch-failures"));
        this.unknownKidRefetches = registry.meter(MetricRegistry.name(PREFIX, "unknown-kid-refetches"));
        this.unknownKidCooldownRejections = registry.meter(MetricRegistry.name(PREFIX, "unknown-kid-cooldown-rejections"));
    }

    void fetched() { fetches.mark(); }
    void failed() { failures.mark(); }
    void refetchedForUnknownKid() { unknownKidRefetches.mark(); }
    void refusedDuringCooldown() { unknownKidCooldownRejections.mark(); }
}
