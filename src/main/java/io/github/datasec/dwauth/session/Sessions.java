package io.github.datasec.dwauth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The life of a session: opened at the callback under a fresh reference, found by the reference the
 * cookie holds, its access token refreshed shortly before it expires, ended by logout. The store only
 * ever sees the reference's hash.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final SessionStore store;
    private final ProviderClient provider;
    private final Clock clock;
    private final CodeFlowSettings settings;
    private final Duration refreshAhead;
    private final Duration touchInterval;

    Sessions(SessionStore store, ProviderClient provider, Clock clock, CodeFlowSettings settings) {
        this.store = store;
        this.provider = provider;
        this.clock = clock;
        this.settings = settings;
        this.refreshAhead = Duration.ofSeconds(Math.max(30, settings.clockSkewSeconds()));
        // Writing on every request would make each API call a store write; the idle clock may lag this much.
        this.touchInterval = settings.idleTimeout().dividedBy(20);
    }

    /**
     * Stores a new session and returns the reference for the cookie. Past
     * {@code maxActiveSessionsPerUser}, the user's oldest sessions end.
     */
    String open(TokenResponse tokens, String subject, String providerSessionId) {
        final String reference = RandomValues.next();
        final Instant now = clock.instant();
        store.save(new UserSession(RandomValues.hash(reference), subject, providerSessionId, tokens.accessToken(),
                tokens.accessTokenExpiresAt(), tokens.refreshToken(), tokens.idToken(), now, now,
                now.plus(settings.sessionLifetime())));
        final List<UserSession> active = store.sessionsOf(subject);
        for (int i = 0; i < active.size() - settings.maxActiveSessionsPerUser(); i++) {
            store.remove(active.get(i).id());
        }
        return reference;
    }

    /**
     * The live session behind a cookie, with an access token that is good for a while yet.
     *
     * @throws SessionStoreUnavailableException     if the store cannot answer
     * @throws ProviderUnavailableException if the token has run out and the provider cannot renew it
     */
    Optional<UserSession> current(String reference) throws ProviderUnavailableException {
        if (!RandomValues.looksGenerated(reference)) {
            return Optional.empty();
        }
        final Optional<UserSession> found = store.find(RandomValues.hash(reference));
        if (found.isEmpty()) {
            return found;
        }
        final Instant now = clock.instant();
        UserSession session = found.get();
        if (now.plus(refreshAhead).isAfter(session.accessTokenExpiresAt())) {
            return renew(session, now);
        }
        if (Duration.between(session.lastSeenAt(), now).compareTo(touchInterval) > 0) {
            session = session.seenAt(now);
            store.save(session);
        }
        return Optional.of(session);
    }

    /** Renews the access token now, whatever its remaining lifetime; empty if the session is gone or the provider ended it. */
    Optional<UserSession> refresh(String reference) throws ProviderUnavailableException {
        if (!RandomValues.looksGenerated(reference)) {
            return Optional.empty();
        }
        final Optional<UserSession> found = store.find(RandomValues.hash(reference));
        return found.isEmpty() ? found : renew(found.get(), clock.instant());
    }

    /** Ends the session behind a cookie, on every replica; returns it, for the end-session redirect. */
    Optional<UserSession> end(String reference) {
        if (!RandomValues.looksGenerated(reference)) {
            return Optional.empty();
        }
        final Optional<UserSession> found = store.find(RandomValues.hash(reference));
        found.ifPresent(session -> store.remove(session.id()));
        return found;
    }

    private Optional<UserSession> renew(UserSession session, Instant now) throws ProviderUnavailableException {
        if (session.refreshToken().isEmpty()) {
            return stillUsable(session, now);
        }
        try {
            final TokenResponse tokens = provider.refresh(session.refreshToken());
            final UserSession renewed = session.withTokens(tokens.accessToken(), tokens.accessTokenExpiresAt(),
                    tokens.refreshToken().isEmpty() ? session.refreshToken() : tokens.refreshToken(),
                    tokens.idToken().isEmpty() ? session.idToken() : tokens.idToken()).seenAt(now);
            store.save(renewed);
            return Optional.of(renewed);
        } catch (ProviderRefusedException e) {
            // The provider ended the sign-in (logout elsewhere, idle timeout, revoked); so does the session.
            LOG.info("Session of {} ended: the provider refused its refresh ({})", session.subject(), e.error());
            store.remove(session.id());
            return Optional.empty();
        } catch (ProviderUnavailableException e) {
            if (now.isBefore(session.accessTokenExpiresAt())) {
                return Optional.of(session);
            }
            throw e;
        }
    }

    private Optional<UserSession> stillUsable(UserSession session, Instant now) {
        if (now.isBefore(session.accessTokenExpiresAt())) {
            return Optional.of(session);
        }
        store.remove(session.id());
        return Optional.empty();
    }
}
