package io.github.datasec.dwauth.session;

/** The provider answered with an OAuth error (a used or unknown code, a revoked refresh token, a wrong secret). */
final class ProviderRefusedException extends Exception {
    private final String error;

    ProviderRefusedException(String error) {
        super("provider refused: " + error);
        this.error = error;
    }

    /** The OAuth error code, e.g. {@code invalid_grant}; only letters and underscores. */
    String error() {
        return error;
    }
}
