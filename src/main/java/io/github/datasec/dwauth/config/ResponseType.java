package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the login page obtains tokens: {@code id_token} runs OpenMetadata's implicit flow,
 * {@code code} runs authorization code with PKCE.
 */
public enum ResponseType {
    ID_TOKEN("id_token"),
    CODE("code");

    private final String value;

    ResponseType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static ResponseType of(String text) {
        for (ResponseType type : values()) {
            if (type.value.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown responseType; expected id_token or code");
    }
}
