package io.github.datasec.dwauth.health;

import com.codahale.metrics.health.HealthCheck;
import io.github.datasec.dwauth.session.SessionStore;
import io.github.datasec.dwauth.session.SessionStoreUnavailableException;

/**
 * Healthy while the session store answers. While it does not, session-cookie requests are refused
 * with 503 (bearer tokens are unaffected), so this check says why.
 */
public final class SessionStoreHealthCheck extends HealthCheck {
    public static final String NAME = "sessions";

    private final SessionStore store;

    public SessionStoreHealthCheck(SessionStore store) {
        this.store = store;
    }

    @Override
    protected Result check() {
        try {
            store.ping();
            return Result.healthy("session store answers");
        } catch (SessionStoreUnavailableException e) {
            return Result.unhealthy("session store unreachable (" + e.getMessage()
                    + "); session-cookie requests are refused with 503, bearer tokens are unaffected");
        }
    }
}
