package io.github.datasec.dwauth.testing.keycloak;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerKeycloakServerTest {

    @Test
    void containerImageIsPinnedToTheVersionOfTheDistributionZip() throws Exception {
        assertThat(ContainerKeycloakServer.IMAGE).isEqualTo("quay.io/keycloak/keycloak:26.4.7");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<keycloak.version>26.4.7</keycloak.version>");
    }
}
