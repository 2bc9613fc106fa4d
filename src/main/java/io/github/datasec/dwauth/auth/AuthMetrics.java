package io.github.datasec.dwauth.auth;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.github.datasec.dwauth.jwt.RejectionReason;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Accepted tokens and rejections by reason; all meters exist from startup. */
public final class AuthMetrics {
    public static final String PREFIX = "oidc-auth";

    private final Meter accepted;
    private final Map<RejectionReason, Meter> rejected = new EnumMap<>(RejectionReason.class);

    public AuthMetrics(MetricRegistry registry) {
        this.accepted = registry.meter(MetricRegistry.name(PREFIX, "accepted"));
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, registry.meter(MetricRegistry.name(PREFIX, "rejected",
                    reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))));
        }
    }

    void accepted() {
        accepted.mark();
    }

    void rejected(RejectionReason reason) {
        rejected.get(reason).mark();
    }
}
