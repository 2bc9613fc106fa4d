package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Whether the API takes DPoP-bound tokens (RFC 9449). In every mode a token bound to a key
 * ({@code cnf.jkt}) is accepted only with a valid proof of that key, never as a plain bearer token.
 */
public enum DpopMode {
    /** The {@code DPoP} scheme is not offered, so bound tokens are refused altogether. */
    DISABLED,
    /** Plain bearer tokens and DPoP-bound tokens with proofs. */
    ALLOWED,
    /** Only DPoP-bound tokens with proofs; the {@code Bearer} scheme is refused. */
    REQUIRED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean offered() {
        return this != DISABLED;
    }

    @JsonCreator
    public static DpopMode of(String text) {
        for (DpopMode mode : values()) {
            if (mode.value().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown dpop mode; expected disabled, allowed or required");
    }
}
