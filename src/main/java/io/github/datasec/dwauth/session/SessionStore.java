package io.github.datasec.dwauth.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Server-side state of the confidential mode, shared by every replica when it is Redis. Every method
 * may throw {@link SessionStoreUnavailableException}; none of them ever returns a session it could not read.
 */
public interface SessionStore extends AutoCloseable {

    /** Creates or replaces a session; it disappears by itself once {@link UserSession#endsAt} has passed. */
    void save(UserSession session);

    /** The live session with this id. */
    Optional<UserSession> find(String id);

    void remove(String id);

    /** The user's live sessions, oldest first. */
    List<UserSession> sessionsOf(String subject);

    /** Ends every session opened in this provider session ({@code sid}); returns how many ended. */
    int removeByProviderSession(String providerSessionId);

    /** Ends every session of this user ({@code sub}); returns how many ended. */
    int removeBySubject(String subject);

    /** Keeps a pending sign-in under its state until {@link PendingLogin#expiresAt}. */
    void savePendingLogin(String state, PendingLogin login);

    /** The pending sign-in under this state, removed in the same step: a state is good for one callback only. */
    Optional<PendingLogin> takePendingLogin(String state);

    /**
     * Records {@code key} for {@code timeToLive} and answers true, atomically, unless it is already
     * recorded: then false. For single-use values such as a logout token's or a DPoP proof's {@code jti};
     * with Redis the answer holds across replicas.
     */
    boolean firstUse(String key, Duration timeToLive);

    /** Throws {@link SessionStoreUnavailableException} unless the store answers now; for the health check. */
    void ping();

    @Override
    void close();
}
