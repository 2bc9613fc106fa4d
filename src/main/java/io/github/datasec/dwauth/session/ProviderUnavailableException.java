package io.github.datasec.dwauth.session;

/** The provider could not be reached or answered nonsense; the request fails with 503, never with a session. */
final class ProviderUnavailableException extends Exception {
    ProviderUnavailableException(String message) {
        super(message);
    }
}
