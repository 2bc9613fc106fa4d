package io.github.datasec.dwauth.web;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** One file of the login page, read from the classpath once at startup. */
record StaticFile(String name, byte[] content, MediaType mediaType, EntityTag etag) {
    private static final String BASE = "assets/";
    private static final Map<String, MediaType> TYPES = Map.of(
            "js", MediaType.valueOf("text/javascript; charset=utf-8"),
            "css", MediaType.valueOf("text/css; charset=utf-8"),
            "html", MediaType.valueOf("text/html; charset=utf-8"),
            "svg", MediaType.valueOf("image/svg+xml"));

    static StaticFile of(String name, byte[] content) {
        final int dot = name.lastIndexOf('.');
        final MediaType type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null) {
            throw new IllegalArgumentException("no content type known for " + name);
        }
        return new StaticFile(name, content.clone(), type, new EntityTag(sha256Hex(content)));
    }

    static StaticFile load(String name) {
        return of(name, read(name));
    }

    static String readText(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFile.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("login page file missing from the classpath: " + BASE + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read login page file " + name, e);
        }
    }

    private static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
