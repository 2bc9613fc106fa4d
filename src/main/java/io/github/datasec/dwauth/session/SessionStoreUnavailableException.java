package io.github.datasec.dwauth.session;

/**
 * The store could not answer (Redis down or too slow). Callers fail closed: a session that could not
 * be checked is never accepted.
 */
public final class SessionStoreUnavailableException extends RuntimeException {
    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
