package io.github.datasec.dwauth.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakDistributionTest {

    private static final Map<String, String> DISTRIBUTION = Map.of(
            "keycloak-9.9.9/bin/kc.sh", "#!/bin/sh\n",
            "keycloak-9.9.9/version.txt", "Keycloak - Version 9.9.9\n",
            "keycloak-9.9.9/lib/quarkus-run.jar", "jar",
            "keycloak-9.9.9/conf/keycloak.conf", "# conf\n");

    @TempDir
    Path dir;

    @Test
    void unpacksIntoPlaceWithAnExecutableKcScriptAndItsOwnMarker() throws IOException {
        Path home = dir.resolve("keycloak").resolve("keycloak-9.9.9");

        KeycloakDistribution.ensureUnpacked(zip(DISTRIBUTION), home);

        assertThat(home.resolve("bin/kc.sh")).isExecutable();
        assertThat(home.resolve("conf/keycloak.conf")).hasContent("# conf");
        assertThat(home.resolve(".unpacked-by-dwauth-kit")).content().startsWith("Keycloak - Version 9.9.9");
        assertThat(KeycloakDistribution.isComplete(home)).isTrue();
    }

    @Test
    void unpacksAgainOverAFolderThatLacksTheMarker() throws IOException {
        Path home = dir.resolve("keycloak-9.9.9");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/kc.sh"), "#!/bin/sh\n");
        assertThat(home.resolve("bin/kc.sh").toFile().setExecutable(true)).isTrue();
        Files.writeString(home.resolve("left-by-another-tool"), "");

        KeycloakDistribution.ensureUnpacked(zip(DISTRIBUTION), home);

        assertThat(home.resolve("left-by-another-tool")).doesNotExist();
        assertThat(home.resolve("lib/quarkus-run.jar")).hasContent("jar");
        assertThat(KeycloakDistribution.isComplete(home)).isTrue();
    }

    @Test
    void leavesACompleteFolderAsItIs() throws IOException {
        Path home = dir.resolve("keycloak-9.9.9");
        Path zip = zip(DISTRIBUTION);
        KeycloakDistribution.ensureUnpacked(zip, home);
        Files.writeString(home.resolve("conf/keycloak.conf"), "# changed by a test run\n");

        KeycloakDistribution.ensureUnpacked(zip, home);

        assertThat(home.resolve("conf/keycloak.conf")).hasContent("# changed by a test run");
    }

    @Test
    void aFolderWhoseKcScriptWasDeletedIsNotComplete() throws IOException {
        Path home = dir.resolve("keycloak-9.9.9");
        KeycloakDistribution.ensureUnpacked(zip(DISTRIBUTION), home);
        Files.delete(home.resolve("bin/kc.sh"));

        assertThat(KeycloakDistribution.isComplete(home)).isFalse();
    }

    @Test
    void removesWhatAnInterruptedUnpackLeftBehind() throws IOException {
        Path leftover = Files.createDirectories(dir.resolve(".unpacking-123/keycloak-9.9.9/bin"));
        Files.writeString(leftover.resolve("kc.sh"), "half");

        KeycloakDistribution.ensureUnpacked(zip(DISTRIBUTION), dir.resolve("keycloak-9.9.9"));

        try (var children = Files.list(dir)) {
            assertThat(children.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("keycloak-9.9.9", ".unpack.lock", "distribution.zip");
        }
    }

    @Test
    void aTruncatedZipLeavesNoFolderThatLooksFinished() throws IOException {
        Path zip = zip(DISTRIBUTION);
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));
        Path home = dir.resolve("keycloak-9.9.9");

        assertThatThrownBy(() -> KeycloakDistribution.ensureUnpacked(zip, home))
                .hasMessageContaining("Cannot unpack " + zip);

        assertThat(home).doesNotExist();
    }

    @Test
    void refusesAZipWithoutKcScript() throws IOException {
        Path zip = zip(Map.of("keycloak-9.9.9/version.txt", "Keycloak - Version 9.9.9\n",
                "keycloak-9.9.9/lib/quarkus-run.jar", "jar"));
        Path home = dir.resolve("keycloak-9.9.9");

        assertThatThrownBy(() -> KeycloakDistribution.ensureUnpacked(zip, home))
                .hasMessageContaining("lacks bin/kc.sh");

        assertThat(home).doesNotExist();
    }

    @Test
    void refusesAnEntryThatLeavesTheFolder() throws IOException {
        Path zip = zip(Map.of("keycloak-9.9.9/bin/kc.sh", "#!/bin/sh\n", "../outside.txt", "x"));

        assertThatThrownBy(() -> KeycloakDistribution.ensureUnpacked(zip, dir.resolve("keycloak-9.9.9")))
                .hasMessageContaining("outside its folder: ../outside.txt");

        assertThat(dir.resolve("../outside.txt").normalize()).doesNotExist();
    }

    private Path zip(Map<String, String> files) throws IOException {
        Path zip = dir.resolve("distribution.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream archive = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                archive.putNextEntry(new ZipEntry(file.getKey()));
                archive.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                archive.closeEntry();
            }
        }
        return zip;
    }
}
