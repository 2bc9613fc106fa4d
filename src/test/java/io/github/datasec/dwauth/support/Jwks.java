package io.github.datasec.dwauth.support;

import org.jose4j.jwk.JsonWebKey;

import java.util.ArrayList;
import java.util.List;

/** JWKS documents for stub endpoints: public parts only, plus any raw entries a test adds. */
public final class Jwks {
    private Jwks() {
    }

    public static String of(JsonWebKey... keys) {
        return withRawEntries(List.of(keys), List.of());
    }

    public static String withRawEntries(List<? extends JsonWebKey> keys, List<String> rawEntries) {
        final List<String> entries = new ArrayList<>();
        keys.forEach(key -> entries.add(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        entries.addAll(rawEntries);
        return "{\"keys\":[" + String.join(",", entries) + "]}";
    }
}
