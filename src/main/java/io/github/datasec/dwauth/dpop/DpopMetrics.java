package io.github.datasec.dwauth.dpop;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** DPoP requests whose proof held, and refusals by reason; all meters exist from startup. */
public final class DpopMetrics {
    public static final String PREFIX = "oidc-auth.dpop";

    private final Meter accepted;
    private final Map<ProofRejection, Meter> rejected = new EnumMap<>(ProofRejection.class);

    public DpopMetrics(MetricRegistry registry) {
        this.accepted = registry.meter(MetricRegistry.name(PREFIX, "accepted"));
        for (ProofRejection reason : ProofRejection.values()) {
            rejected.put(reason, registry.meter(MetricRegistry.name(PREFIX, "rejected", meterName(reason))));
        }
    }

    /** {@code KEY_MISMATCH} is counted as {@code key-mismatch}. */
    public static String meterName(ProofRejection reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void accepted() {
        accepted.mark();
    }

    void rejected(ProofRejection reason) {
        rejected.get(reason).mark();
    }
}
