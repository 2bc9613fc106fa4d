package io.github.datasec.dwauth.session;

/** An ID token or logout token failed one of its rules; the message names the rule, never the token. */
final class ProviderTokenRejectedException extends Exception {
    ProviderTokenRejectedException(String rule) {
        super(rule);
    }
}
