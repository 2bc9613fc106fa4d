package io.github.datasec.dwauth.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A realm file in Keycloak's export format, with the realm name it declares. */
final class RealmFile {

    private final Path path;
    private final String realm;
    private final byte[] content;

    private RealmFile(Path path, String realm, byte[] content) {
        this.path = path;
        this.realm = realm;
        this.content = content;
    }

    static RealmFile read(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("Realm file " + path + " does not exist (working directory "
                    + Path.of("").toAbsolutePath() + ")");
        }
        try {
            byte[] content = Files.readAllBytes(path);
            JsonNode realm = new ObjectMapper().readTree(content).path("realm");
            if (!realm.isTextual() || realm.asText().isBlank()) {
                throw new IllegalStateException("Realm file " + path + " names no realm in its \"realm\" field");
            }
            return new RealmFile(path, realm.asText(), content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read realm file " + path, e);
        }
    }

    Path path() {
        return path;
    }

    String realm() {
        return realm;
    }

    /** The name Keycloak's directory import recognises as a whole realm. */
    String importFileName() {
        return realm + "-realm.json";
    }

    boolean sameContentAs(RealmFile other) {
        return Arrays.equals(content, other.content);
    }
}
