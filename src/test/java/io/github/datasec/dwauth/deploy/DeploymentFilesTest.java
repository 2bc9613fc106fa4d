package io.github.datasec.dwauth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.github.datasec.dwauth.example.ExampleApplication;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of docker/ without a Docker engine or a cluster: the Compose file, the
 * Kubernetes manifests, the systemd environment file and the Dockerfile agree with config.yaml,
 * with each other and with the demo realm.
 */
class DeploymentFilesTest {
    private static final Path DOCKER = Path.of("docker");
    private static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    private static final Path COMPOSE = DOCKER.resolve("docker-compose.yml");
    private static final Path KUBERNETES = DOCKER.resolve("kubernetes");
    private static final Path SYSTEMD_UNIT = DOCKER.resolve("systemd/dropwizard-keycloak.service");
    private static final Path SYSTEMD_ENV = DOCKER.resolve("systemd/dropwizard-keycloak.env");
    private static final Path REALM_FILE = DOCKER.resolve("realm-data-sec.json");
    private static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak";
    private static final int KEYCLOAK_CONTAINER_PORT = 8080;
    private static final String KEYCLOAK_IMPORT_DIR = "/opt/keycloak/data/import/";

    /**
     * Variables whose config.yaml defaults describe the local demo (Keycloak on localhost:8081, a
     * callback on localhost:8585, the demo's admin user), so every real deployment has to set them.
     */
    private static final List<String> MUST_BE_SET = List.of(
            "AUTHENTICATION_AUTHORITY", "AUTHENTICATION_PUBLIC_KEYS", "AUTHENTICATION_CLIENT_ID",
            "AUTHENTICATION_CALLBACK_URL", "AUTHORIZER_ADMIN_PRINCIPALS");

    // A full version, so that a rebuild never picks up a different base image silently.
    private static final Pattern VERSION_TAG = Pattern.compile(".*\\d+\\.\\d+\\.\\d+.*");
    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One way of running the application and the environment it gives it. */
    record Deployment(String name, Map<String, String> environment) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Deployment> deployments() {
        return Stream.of(
                new Deployment("docker-compose.yml", composeEnvironment(appService())),
                new Deployment("kubernetes/deployment.yaml", kubernetesEnvironment()),
                new Deployment("systemd/dropwizard-keycloak.env", systemdEnvironment()));
    }

    // ------------------------------------------------------------ every deployment

    @Test
    void theVariablesEveryDeploymentMustSetAreReadByConfigYaml() {
        assertThat(ConfigYaml.byVariable().keySet()).containsAll(MUST_BE_SET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void setsEveryVariableWhoseDefaultOnlySuitsTheLocalDemo(Deployment deployment) {
        assertThat(deployment.environment().keySet()).containsAll(MUST_BE_SET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void setsOnlyVariablesThatConfigYamlReads(Deployment deployment) {
        assertThat(ConfigYaml.byVariable().keySet()).containsAll(deployment.environment().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void givesTheApplicationAConfigurationItAccepts(Deployment deployment) throws Exception {
        final ExampleConfiguration configuration = ConfigYaml.load(deployment.environment());

        assertThat(configuration.getAuthenticationConfiguration().getAuthority())
                .isEqualTo(deployment.environment().get("AUTHENTICATION_AUTHORITY"));
    }

    @Test
    void everyImageIsPinnedToAVersion() throws IOException {
        final List<String> images = new ArrayList<>();
        composeServices().forEachRemaining(service -> images.add(service.getValue().path("image").asText()));
        images.add(kubernetesContainer().path("image").asText());
        for (JsonNode image : kubernetesManifest("Kustomization").path("images")) {
            images.add(image.path("name").asText() + ":" + image.path("newTag").asText());
        }
        dockerfile().stream().filter(line -> line.startsWith("FROM "))
                .forEach(line -> images.add(line.split("\\s+")[1]));

        assertThat(images).hasSizeGreaterThanOrEqualTo(6).allSatisfy(image -> assertThat(isPinned(image))
                .as("%s is pinned to a version or digest", image).isTrue());
    }

    @Test
    void anImageWithoutTagOrWithLatestIsNotPinned() {
        assertThat(isPinned("quay.io/keycloak/keycloak")).isFalse();
        assertThat(isPinned("quay.io/keycloak/keycloak:latest")).isFalse();
        assertThat(isPinned("registry.local:5000/app")).isFalse();
        assertThat(isPinned("eclipse-temurin:17-jre")).isFalse();
        assertThat(isPinned("registry.local:5000/app:1.2.3")).isTrue();
    }

    // ------------------------------------------------------------ Dockerfile

    @Test
    void dockerfileExposesTheConfiguredPorts() throws IOException {
        final Set<Integer> exposed = dockerfile().stream().filter(line -> line.startsWith("EXPOSE "))
                .flatMap(line -> Arrays.stream(line.substring("EXPOSE ".length()).trim().split("\\s+")))
                .map(port -> Integer.parseInt(port.replace("/tcp", "")))
                .collect(Collectors.toSet());

        assertThat(exposed).containsExactlyInAnyOrder(applicationPort(Map.of()), adminPort(Map.of()));
    }

    @Test
    void dockerfileRunsAsNonRootWithConfigYamlBakedIn() throws IOException {
        final List<String> lines = dockerfile();

        assertThat(lastInstruction(lines, "USER")).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
        assertThat(lines).contains("COPY config.yaml ./config.yaml");
        assertThat(lastInstruction(lines, "WORKDIR")).isEqualTo("/opt/app");
        assertThat(lastInstruction(lines, "CMD")).isEqualTo("[\"server\", \"/opt/app/config.yaml\"]");
    }

    @Test
    void dockerfileHealthCheckAsksTheAdminPortsHealthCheck() throws IOException {
        assertThat(lastInstruction(dockerfile(), "HEALTHCHECK"))
                .contains("http://127.0.0.1:${SERVER_ADMIN_PORT:-" + adminPort(Map.of()) + "}/healthcheck");
    }

    @Test
    void dockerIgnoreLetsInEveryPathTheDockerfileCopies() throws IOException {
        final List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
        final List<String> sources = dockerfile().stream()
                .filter(line -> line.startsWith("COPY ") && !line.startsWith("COPY --from"))
                .map(line -> line.split("\\s+")[1])
                .toList();

        assertThat(ignore).contains("*");
        assertThat(sources).isNotEmpty().allSatisfy(source -> assertThat(ignore).contains("!" + source));
    }

    // ------------------------------------------------------------ Compose

    @Test
    void composeAuthorityIsTheIssuerKeycloakWritesIntoTokens() throws IOException {
        final String hostname = composeEnvironment(keycloakService()).get("KC_HOSTNAME");

        assertThat(composeEnvironment(appService()).get("AUTHENTICATION_AUTHORITY"))
                .isEqualTo(hostname + "/realms/" + realm().path("realm").asText());
    }

    @Test
    void composeKeycloakHostnameIsAFullUrlOnItsPublishedPortWithADynamicBackChannel() {
        final Map<String, String> keycloak = composeEnvironment(keycloakService());
        final URI hostname = URI.create(keycloak.get("KC_HOSTNAME"));

        assertThat(hostname.getScheme()).isEqualTo("http");
        assertThat(hostname.getHost()).isEqualTo("localhost");
        assertThat(hostname.getPort()).isEqualTo(publishedPort(keycloakService(), KEYCLOAK_CONTAINER_PORT));
        assertThat(keycloak).containsEntry("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
    }

    @Test
    void composeFetchesKeysFromKeycloakByItsServiceName() throws IOException {
        final Map<String, String> app = composeEnvironment(appService());
        final String keysUrl = app.get("AUTHENTICATION_PUBLIC_KEYS").replaceAll("^\\[|]$", "");
        final URI keys = URI.create(keysUrl);

        assertThat(keys.getHost()).isEqualTo(keycloakServiceName());
        assertThat(keys.getPort()).isEqualTo(KEYCLOAK_CONTAINER_PORT);
        assertThat(keys.getPath()).isEqualTo("/realms/" + realm().path("realm").asText() + "/protocol/openid-connect/certs");
        // A non-loopback http key URL is refused unless explicitly allowed.
        assertThat(app).containsEntry("AUTHENTICATION_JWKS_ALLOW_INSECURE_HTTP", "true");
    }

    @Test
    void composeImportsTheDemoRealmFile() {
        final JsonNode keycloak = keycloakService();
        final List<String> mounts = new ArrayList<>();
        keycloak.path("volumes").forEach(volume -> mounts.add(volume.asText()));

        assertThat(keycloak.path("command").toString()).contains("start-dev", "--import-realm");
        assertThat(mounts).singleElement().satisfies(mount -> {
            final String[] parts = mount.split(":");
            assertThat(DOCKER.resolve(parts[0]).normalize()).isEqualTo(REALM_FILE).exists();
            assertThat(parts[1]).startsWith(KEYCLOAK_IMPORT_DIR);
        });
    }

    @Test
    void composeCallbackIsOnThePublishedApplicationPortAndARedirectUriOfTheClient() throws IOException {
        final Map<String, String> app = composeEnvironment(appService());
        final URI callback = URI.create(app.get("AUTHENTICATION_CALLBACK_URL"));

        assertThat(callback.getHost()).isEqualTo("localhost");
        assertThat(callback.getPort()).isEqualTo(publishedPort(appService(), applicationPort(app)));
        assertThat(realmClient(app.get("AUTHENTICATION_CLIENT_ID")).path("redirectUris").toString())
                .contains("\"" + callback + "\"");
    }

    @Test
    void composePublishesBothApplicationPortsAndTheAdminPortOnlyOnLoopback() {
        final Map<String, String> app = composeEnvironment(appService());
        final List<String> ports = new ArrayList<>();
        appService().path("ports").forEach(port -> ports.add(port.asText()));

        assertThat(ports).containsExactlyInAnyOrder(
                applicationPort(app) + ":" + applicationPort(app),
                "127.0.0.1:" + adminPort(app) + ":" + adminPort(app));
    }

    @Test
    void composeStartsTheAppOnceKeycloakIsHealthyAndChecksTheAppsHealth() {
        final JsonNode app = appService();

        assertThat(app.path("depends_on").path(keycloakServiceName()).path("condition").asText()).isEqualTo("service_healthy");
        assertThat(keycloakService().path("healthcheck").path("test").toString()).contains("/health/ready");
        assertThat(composeEnvironment(keycloakService())).containsEntry("KC_HEALTH_ENABLED", "true");
        assertThat(app.path("healthcheck").path("test").toString())
                .contains("http://127.0.0.1:" + adminPort(composeEnvironment(app)) + "/healthcheck");
    }

    @Test
    void composeBuildsTheAppWithTheDockerfileFromTheRepositoryRoot() {
        final JsonNode build = appService().path("build");

        assertThat(DOCKER.resolve(build.path("context").asText()).normalize()).isEqualTo(Path.of(""));
        assertThat(Path.of(build.path("dockerfile").asText())).isEqualTo(DOCKERFILE).exists();
    }

    // ------------------------------------------------------------ Kubernetes

    @Test
    void kubernetesConfigMapCarriesConfigYamlUnchanged() throws IOException {
        assertThat(kubernetesManifest("ConfigMap").path("data").path("config.yaml").asText())
                .isEqualTo(Files.readString(ConfigYaml.FILE));
    }

    @Test
    void kubernetesStartsTheApplicationWithTheConfigMapsFile() throws IOException {
        final JsonNode container = kubernetesContainer();
        final JsonNode mount = namedElement(container.path("volumeMounts"), "config");
        final JsonNode volume = namedElement(kubernetesPodSpec().path("volumes"), "config");

        assertThat(volume.path("configMap").path("name").asText())
                .isEqualTo(kubernetesManifest("ConfigMap").path("metadata").path("name").asText());
        assertThat(container.path("args").toString())
                .isEqualTo("[\"server\",\"" + mount.path("mountPath").asText() + "/config.yaml\"]");
    }

    @Test
    void kubernetesContainerPortsAreTheConfiguredPorts() {
        final Map<String, String> environment = kubernetesEnvironment();

        assertThat(containerPort("http")).isEqualTo(applicationPort(environment));
        assertThat(containerPort("admin")).isEqualTo(adminPort(environment));
    }

    @Test
    void kubernetesReadinessIncludesTheHealthCheckAndLivenessOnlyPing() {
        final JsonNode container = kubernetesContainer();
        final int admin = adminPort(kubernetesEnvironment());

        assertThat(probe(container, "readinessProbe")).isEqualTo(admin + "/healthcheck");
        assertThat(probe(container, "livenessProbe")).isEqualTo(admin + "/ping");
        assertThat(probe(container, "startupProbe")).isEqualTo(admin + "/ping");
    }

    @Test
    void kubernetesRunsSeveralNonRootReplicasWithBoundedResources() throws IOException {
        final JsonNode container = kubernetesContainer();

        assertThat(kubernetesManifest("Deployment").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(kubernetesPodSpec().path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.path("resources").path(kind).path(resource).asText()).as(kind + "." + resource).isNotBlank();
            }
        }
    }

    @Test
    void kubernetesServiceAndIngressReachOnlyTheApplicationPort() throws IOException {
        final JsonNode service = kubernetesManifest("Service");
        final JsonNode ports = service.path("spec").path("ports");
        final JsonNode backend = kubernetesManifest("Ingress").path("spec").path("rules").get(0)
                .path("http").path("paths").get(0).path("backend").path("service");
        final JsonNode servicePort = namedElement(ports, backend.path("port").path("name").asText());

        assertThat(ports).hasSize(1);
        assertThat(containerPort(servicePort.path("targetPort").asText())).isEqualTo(applicationPort(kubernetesEnvironment()));
        assertThat(backend.path("name").asText()).isEqualTo(service.path("metadata").path("name").asText());
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(kubernetesManifest("Deployment").path("spec").path("selector").path("matchLabels"));
    }

    @Test
    void kubernetesCallbackUrlIsOnTheIngressHost() throws IOException {
        final URI callback = URI.create(kubernetesEnvironment().get("AUTHENTICATION_CALLBACK_URL"));
        final JsonNode ingress = kubernetesManifest("Ingress").path("spec");

        assertThat(callback.getScheme()).isEqualTo("https");
        assertThat(callback.getHost()).isEqualTo(ingress.path("rules").get(0).path("host").asText());
        assertThat(ingress.path("tls").get(0).path("hosts").toString()).contains("\"" + callback.getHost() + "\"");
    }

    @Test
    void kustomizationListsEveryManifestInItsDirectory() throws IOException {
        final Set<String> listed = new HashSet<>();
        kubernetesManifest("Kustomization").path("resources").forEach(resource -> listed.add(resource.asText()));
        final Set<String> present;
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            present = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
        }

        assertThat(listed).isEqualTo(present);
    }

    // ------------------------------------------------------------ systemd

    @Test
    void systemdUnitReadsTheShippedEnvironmentFileAndStartsTheServer() throws IOException {
        final List<String> unit = Files.readAllLines(SYSTEMD_UNIT);

        assertThat(unit).anySatisfy(line -> assertThat(line)
                .matches("EnvironmentFile=/etc/dropwizard-keycloak/" + Pattern.quote(SYSTEMD_ENV.getFileName().toString())));
        assertThat(unit).anySatisfy(line -> assertThat(line)
                .startsWith("ExecStart=/usr/bin/java ").endsWith(" -jar /opt/dropwizard-keycloak/app.jar server /etc/dropwizard-keycloak/config.yaml"));
        assertThat(unit).doesNotContain("User=root");
    }

    // ------------------------------------------------------------ the probe paths, answered by the real application

    @Test
    void probePathsAnswerOkOnceTheKeysAreLoaded() throws Exception {
        try (InProcessIssuer issuer = InProcessIssuer.create().start()) {
            final DropwizardTestSupport<ExampleConfiguration> app = exampleApplication(issuer.configOverrides());
            app.before();
            try {
                final JsonNode container = kubernetesContainer();
                final Instant deadline = Instant.now().plusSeconds(15);
                int readiness = get(app.getAdminPort(), container.path("readinessProbe").path("httpGet").path("path").asText());
                while (readiness != 200 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                    readiness = get(app.getAdminPort(), container.path("readinessProbe").path("httpGet").path("path").asText());
                }

                assertThat(readiness).isEqualTo(200);
                assertThat(get(app.getAdminPort(), container.path("livenessProbe").path("httpGet").path("path").asText())).isEqualTo(200);
            } finally {
                app.after();
            }
        }
    }

    @Test
    void withoutKeysTheReplicaIsNotReadyButStillAlive() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final DropwizardTestSupport<ExampleConfiguration> app = exampleApplication(
                ConfigOverride.config("authenticationConfiguration.authority", "http://127.0.0.1:" + closedPort + "/realms/none"),
                ConfigOverride.config("authenticationConfiguration.publicKeyUrls", "http://127.0.0.1:" + closedPort + "/certs"));
        app.before();
        try {
            final JsonNode container = kubernetesContainer();

            assertThat(get(app.getAdminPort(), container.path("readinessProbe").path("httpGet").path("path").asText())).isEqualTo(500);
            assertThat(get(app.getAdminPort(), container.path("livenessProbe").path("httpGet").path("path").asText())).isEqualTo(200);
        } finally {
            app.after();
        }
    }

    // ------------------------------------------------------------ helpers

    private static DropwizardTestSupport<ExampleConfiguration> exampleApplication(ConfigOverride... overrides) {
        final List<ConfigOverride> all = new ArrayList<>(Arrays.asList(overrides));
        all.add(ConfigOverride.config("server.applicationConnectors[0].port", "0"));
        all.add(ConfigOverride.config("server.adminConnectors[0].port", "0"));
        return new DropwizardTestSupport<>(ExampleApplication.class, ConfigYaml.FILE.toAbsolutePath().toString(),
                all.toArray(ConfigOverride[]::new));
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean isPinned(String image) {
        if (DIGEST.matcher(image).matches()) {
            return true;
        }
        final int colon = image.lastIndexOf(':');
        if (colon < image.lastIndexOf('/') + 1) {
            return false;
        }
        final String tag = image.substring(colon + 1);
        return !tag.equals("latest") && VERSION_TAG.matcher(tag).matches();
    }

    private static int applicationPort(Map<String, String> environment) {
        return Integer.parseInt(ConfigYaml.effectiveValue("SERVER_PORT", environment));
    }

    private static int adminPort(Map<String, String> environment) {
        return Integer.parseInt(ConfigYaml.effectiveValue("SERVER_ADMIN_PORT", environment));
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode realm() throws IOException {
        return new ObjectMapper().readTree(REALM_FILE.toFile());
    }

    private static JsonNode realmClient(String clientId) throws IOException {
        for (JsonNode client : realm().path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        return MissingNode.getInstance();
    }

    /** Dockerfile instructions, continuation lines joined and comments dropped. */
    private static List<String> dockerfile() throws IOException {
        final List<String> instructions = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            final String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " ").trim());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static String lastInstruction(List<String> instructions, String keyword) {
        String last = null;
        for (String instruction : instructions) {
            if (instruction.startsWith(keyword + " ")) {
                last = instruction.substring(keyword.length() + 1);
            }
        }
        assertThat(last).as("the Dockerfile's " + keyword).isNotNull();
        return last;
    }

    private static Iterator<Map.Entry<String, JsonNode>> composeServices() {
        return readYaml(COMPOSE).path("services").fields();
    }

    private static Map.Entry<String, JsonNode> composeService(boolean keycloak) {
        final Iterator<Map.Entry<String, JsonNode>> services = composeServices();
        while (services.hasNext()) {
            final Map.Entry<String, JsonNode> service = services.next();
            final boolean isKeycloak = service.getValue().path("image").asText().startsWith(KEYCLOAK_IMAGE + ":");
            final boolean isApp = service.getValue().has("build");
            if (keycloak ? isKeycloak : isApp) {
                return service;
            }
        }
        throw new AssertionError((keycloak ? "no Keycloak service" : "no service built from source") + " in " + COMPOSE);
    }

    private static JsonNode appService() {
        return composeService(false).getValue();
    }

    private static JsonNode keycloakService() {
        return composeService(true).getValue();
    }

    private static String keycloakServiceName() {
        return composeService(true).getKey();
    }

    private static Map<String, String> composeEnvironment(JsonNode service) {
        final Map<String, String> environment = new LinkedHashMap<>();
        final JsonNode declared = service.path("environment");
        if (declared.isArray()) {
            declared.forEach(entry -> {
                final String[] parts = entry.asText().split("=", 2);
                environment.put(parts[0], parts.length == 2 ? parts[1] : "");
            });
        } else {
            declared.fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        return environment;
    }

    /** The host port a service publishes for a container port, from the short syntax [IP:]HOST:CONTAINER. */
    private static int publishedPort(JsonNode service, int containerPort) {
        for (JsonNode port : service.path("ports")) {
            final String[] parts = port.asText().replace("/tcp", "").split(":");
            if (parts.length >= 2 && Integer.parseInt(parts[parts.length - 1]) == containerPort) {
                return Integer.parseInt(parts[parts.length - 2]);
            }
        }
        throw new AssertionError("container port " + containerPort + " is not published");
    }

    private static JsonNode kubernetesManifest(String kind) throws IOException {
        final List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                final JsonNode manifest = readYaml(file);
                if (manifest.path("kind").asText().equals(kind)) {
                    found.add(manifest);
                }
            }
        }
        assertThat(found).as("manifests of kind " + kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode kubernetesPodSpec() {
        try {
            return kubernetesManifest("Deployment").path("spec").path("template").path("spec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode kubernetesContainer() {
        final JsonNode containers = kubernetesPodSpec().path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> kubernetesEnvironment() {
        final Map<String, String> environment = new LinkedHashMap<>();
        kubernetesContainer().path("env").forEach(entry -> environment.put(entry.path("name").asText(), entry.path("value").asText()));
        return environment;
    }

    private static Map<String, String> systemdEnvironment() {
        final Map<String, String> environment = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(SYSTEMD_ENV)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    final String[] parts = line.split("=", 2);
                    environment.put(parts[0].trim(), parts[1].trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return environment;
    }

    private static int containerPort(String name) {
        return namedElement(kubernetesContainer().path("ports"), name).path("containerPort").asInt();
    }

    /** "port/path" of an httpGet probe, with a named port resolved to its number. */
    private static String probe(JsonNode container, String probe) {
        final JsonNode httpGet = container.path(probe).path("httpGet");
        final JsonNode port = httpGet.path("port");
        return (port.isInt() ? port.asInt() : containerPort(port.asText())) + httpGet.path("path").asText();
    }

    private static JsonNode namedElement(JsonNode array, String name) {
        for (JsonNode element : array) {
            if (element.path("name").asText().equals(name)) {
                return element;
            }
        }
        throw new AssertionError("no element named " + name + " in " + array);
    }
}
