package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where confidential-mode sessions live: this process's memory, or Redis shared by every replica. */
public enum SessionStoreType {
    MEMORY, REDIS;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SessionStoreType of(String text) {
        for (SessionStoreType type : values()) {
            if (type.value().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown session store; expected memory or redis");
    }
}
