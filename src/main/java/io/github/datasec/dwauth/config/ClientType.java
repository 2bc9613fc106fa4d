package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum ClientType {
    PUBLIC, CONFIDENTIAL;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ClientType of(String text) {
        for (ClientType type : values()) {
            if (type.value().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown clientType; expected public or confidential");
    }
}
