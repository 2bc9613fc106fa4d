package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Which provider verifies token signatures: the JVM's own order, or Amazon Corretto Crypto Provider. */
public enum CryptoProvider {
    DEFAULT, ACCP;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CryptoProvider of(String text) {
        for (CryptoProvider provider : values()) {
            if (provider.value().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown cryptoProvider; expected default or accp");
    }
}
