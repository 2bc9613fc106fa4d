package io.github.datasec.dwauth.testing.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks Keycloak's distribution zip ({@code org.keycloak:keycloak-quarkus-dist}) into a folder
 * and trusts that folder only when it carries this class's own completion marker.
 *
 * <p>The zip is unpacked into a temporary folder beside the target, checked (every file of the zip
 * present, {@code bin/kc.sh} executable), marked, and only then renamed into place. An interrupted
 * unpack therefore never leaves a folder that looks finished, and a folder without the marker (a
 * half-unpacked one, or one another tool unpacked) is unpacked again. Nothing depends on markers
 * kept elsewhere, such as maven-dependency-plugin's, which outlive the folders they describe.
 *
 * <p>The tests, {@code demo.sh} and {@code bench/wrk-load.sh} all use this one class; the scripts
 * run it as a single-file program, which is why it uses nothing but the JDK:
 * {@code java KeycloakDistribution.java check <home>} and
 * {@code java KeycloakDistribution.java unpack <zip> <home>}.
 */
public final class KeycloakDistribution {

    /** The file this class writes into a distribution after it checked the unpacked files. */
    public static final String MARKER_FILE = ".unpacked-by-dwauth-kit";

    private static final String TEMP_PREFIX = ".unpacking-";
    private static final String LOCK_FILE = ".unpack.lock";

    private KeycloakDistribution() {
    }

    /** Whether {@code home} is a distribution this class unpacked completely. */
    public static boolean isComplete(Path home) {
        return Files.isRegularFile(home.resolve(MARKER_FILE)) && Files.isExecutable(kcScript(home));
    }

    /**
     * Makes {@code home} a complete distribution unpacked from {@code zip}, unless it already is one.
     * Several processes may call this at once for the same folder; one unpacks, the others wait.
     */
    public static Path ensureUnpacked(Path zip, Path home) {
        Path target = home.toAbsolutePath().normalize();
        if (isComplete(target)) {
            return target;
        }
        try {
            Path parent = Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(parent.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                if (!isComplete(target)) {
                    unpack(zip, target);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip + " into " + target, e);
        }
    }

    private static void unpack(Path zip, Path target) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak's distribution zip " + zip + " does not exist");
        }
        deleteLeftoversOfInterruptedUnpacks(target.getParent());
        Path temp = Files.createTempDirectory(target.getParent(), TEMP_PREFIX);
        try {
            Path root = extract(zip, temp);
            writeMarker(root, zip);
            deleteRecursively(target);
            Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(temp);
        }
        System.out.println("Unpacked " + zip.getFileName() + " into " + target);
    }

    /** Extracts every entry below {@code into} and returns the zip's single top folder, checked. */
    private static Path extract(Path zip, Path into) throws IOException {
        Set<Path> tops = new HashSet<>();
        int files = 0;
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path destination = into.resolve(entry.getName()).normalize();
                if (!destination.startsWith(into) || destination.equals(into)) {
                    throw new IllegalStateException(zip + " holds an entry outside its folder: " + entry.getName());
                }
                tops.add(into.relativize(destination).getName(0));
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, destination);
                }
                files++;
            }
        }
        if (tops.size() != 1) {
            throw new IllegalStateException(zip + " is not a Keycloak distribution: it has " + tops.size()
                    + " top-level entries instead of one folder");
        }
        Path root = into.resolve(tops.iterator().next());
        makeScriptsExecutable(root.resolve("bin"));
        check(zip, root, files);
        return root;
    }

    /** java.util.zip does not carry Unix permissions; Keycloak needs only its launch scripts executable. */
    private static void makeScriptsExecutable(Path bin) throws IOException {
        if (!Files.isDirectory(bin)) {
            return;
        }
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(bin, "*.sh")) {
            for (Path script : scripts) {
                if (!script.toFile().setExecutable(true, false)) {
                    throw new IOException("Cannot make " + script + " executable");
                }
            }
        }
    }

    private static void check(Path zip, Path root, int expectedFiles) throws IOException {
        long unpacked;
        try (Stream<Path> paths = Files.walk(root)) {
            unpacked = paths.filter(Files::isRegularFile).count();
        }
        if (unpacked != expectedFiles) {
            throw new IllegalStateException("Unpacking " + zip + " produced " + unpacked + " files instead of "
                    + expectedFiles);
        }
        if (!Files.isExecutable(kcScript(root)) || !Files.isRegularFile(root.resolve("version.txt"))
                || !Files.isRegularFile(root.resolve("lib").resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(zip + " is not a Keycloak distribution: it lacks bin/kc.sh, version.txt"
                    + " or lib/quarkus-run.jar");
        }
    }

    private static void writeMarker(Path root, Path zip) throws IOException {
        String version = Files.readString(root.resolve("version.txt"), StandardCharsets.UTF_8).trim();
        Files.writeString(root.resolve(MARKER_FILE),
                version + "\nunpacked and checked from " + zip.getFileName() + "\n", StandardCharsets.UTF_8);
    }

    private static void deleteLeftoversOfInterruptedUnpacks(Path parent) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, TEMP_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                deleteRecursively(leftover);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Path kcScript(Path home) {
        return home.resolve("bin").resolve("kc.sh");
    }

    /**
     * For the shell scripts: {@code check <home>} exits with 0 if the folder is complete and 3 if
     * not; {@code unpack <zip> <home>} unpacks unless complete.
     */
    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("check")) {
            System.exit(isComplete(Path.of(args[1])) ? 0 : 3);
        } else if (args.length == 3 && args[0].equals("unpack")) {
            ensureUnpacked(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: java KeycloakDistribution.java check <home>"
                    + " | unpack <zip> <home>");
            System.exit(2);
        }
    }
}
