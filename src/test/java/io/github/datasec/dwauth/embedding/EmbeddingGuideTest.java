package io.github.datasec.dwauth.embedding;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.github.datasec.dwauth.testing.client.BearerTokens;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/embedding.md is this package's code: it is started here, and each snippet must match its source. */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmbeddingGuideTest {
    private static final Path GUIDE = Path.of("docs/embedding.md");
    private static final Path SOURCES = Path.of("src/test/java/io/github/datasec/dwauth/embedding");
    private static final String CONFIG = "embedding/config.yml";
    private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @RegisterExtension
    static final InProcessIssuer ISSUER = InProcessIssuer.create();

    static final DropwizardAppExtension<MyConfiguration> APP = new DropwizardAppExtension<>(
            MyApplication.class, ResourceHelpers.resourceFilePath(CONFIG), issuerOverrides());

    /** The issuer's settings, and its users' email domain as the principal domain, so they are named as the guide shows. */
    private static ConfigOverride[] issuerOverrides() {
        final List<ConfigOverride> overrides = new ArrayList<>(List.of(ISSUER.configOverrides()));
        overrides.add(ConfigOverride.config("authorizerConfiguration.principalDomain", IssuerAuthentication.ISSUER_EMAIL_DOMAIN));
        return overrides.toArray(ConfigOverride[]::new);
    }

    // ------------------------------------------------------------ the application of the guide

    @Test
    void refusesARequestWithoutTokenWith401() {
        try (Response response = hello().request().get()) {
            assertThat(response.getStatus()).isEqualTo(401);
        }
    }

    @Test
    void greetsTheCallerOfAValidTokenByName() {
        final String token = ISSUER.token().username("data-user").sign();

        try (Response response = hello().register(BearerTokens.of(token)).request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(new GenericType<Map<String, String>>() { })).containsEntry("hello", "data-user");
        }
    }

    @Test
    void refusesTheAdminResourceToAUserWhoIsNotAnAdminWith403() {
        final String token = ISSUER.token().username("data-user").sign();

        try (Response response = helloAdmin().register(BearerTokens.of(token)).request().get()) {
            assertThat(response.getStatus()).isEqualTo(403);
        }
    }

    @Test
    void letsAnAdminPrincipalIntoTheAdminResource() {
        final String token = ISSUER.token().username("admin-user").sign();

        try (Response response = helloAdmin().register(BearerTokens.of(token)).request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(new GenericType<Map<String, String>>() { })).containsEntry("admin", "admin-user");
        }
    }

    @Test
    void servesTheLoginPageAtTheRootByDefault() {
        try (Response response = APP.client().target(base()).request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getMediaType().toString()).startsWith("text/html");
        }
    }

    @Test
    void withTheLoginPageDisabledTheRootIsNotServedButTheAuthSettingsAre() throws Exception {
        final List<ConfigOverride> overrides = new ArrayList<>(List.of(issuerOverrides()));
        overrides.add(ConfigOverride.config("authenticationConfiguration.loginPage.enabled", "false"));
        final DropwizardTestSupport<MyConfiguration> app = new DropwizardTestSupport<>(
                MyApplication.class, ResourceHelpers.resourceFilePath(CONFIG), overrides.toArray(ConfigOverride[]::new));
        app.before();
        try {
            final String root = "http://127.0.0.1:" + app.getLocalPort();
            try (Response page = APP.client().target(root + "/").request().get();
                 Response settings = APP.client().target(root + "/api/v1/system/config/auth").request().get()) {
                assertThat(page.getStatus()).isEqualTo(404);
                assertThat(settings.getStatus()).isEqualTo(200);
            }
        } finally {
            app.after();
        }
    }

    // ------------------------------------------------------------ the guide against the code

    @Test
    void everyJavaSnippetIsVerbatimInTheSourceOfItsClass() throws Exception {
        final List<String> snippets = codeBlocks("java");

        assertThat(snippets).hasSize(3);
        for (String snippet : snippets) {
            final Matcher name = CLASS_NAME.matcher(snippet);
            assertThat(name.find()).as("a snippet declares a public class:%n%s", snippet).isTrue();
            final String source = Files.readString(SOURCES.resolve(name.group(1) + ".java"));
            assertThat(normalized(source)).as("%s.java contains the guide's snippet", name.group(1))
                    .contains(normalized(snippet));
        }
    }

    @Test
    void theGuidesConfigurationFileIsTheOneThisTestStarts() throws Exception {
        final String configuration = Files.readString(Path.of(ResourceHelpers.resourceFilePath(CONFIG)));

        assertThat(normalized(configuration)).contains(normalized(yamlBlockMentioning("publicKeyUrls")));
    }

    @Test
    void theLoginPageSnippetTurnsTheLoginPageOff() throws Exception {
        final ObjectMapper mapper = Jackson.newObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        final MyConfiguration configuration = mapper.readValue(yamlBlockMentioning("loginPage"), MyConfiguration.class);

        assertThat(configuration.getAuthenticationConfiguration().getLoginPage().isEnabled()).isFalse();
    }

    @Test
    void theMavenCoordinatesAreThisProjects() throws Exception {
        final Document pom = xml(Files.readString(Path.of("pom.xml")));
        final List<String> dependencies = codeBlocks("xml");

        assertThat(dependencies).isNotEmpty();
        for (String dependency : dependencies) {
            final Document snippet = xml(dependency);
            for (String element : List.of("groupId", "artifactId", "version")) {
                assertThat(text(snippet, element)).as(element).isEqualTo(projectElement(pom, element));
            }
        }
    }

    // ------------------------------------------------------------ helpers

    private static WebTarget hello() {
        return APP.client().target(base() + "/hello");
    }

    private static WebTarget helloAdmin() {
        return APP.client().target(base() + "/hello/admin");
    }

    private static String base() {
        return "http://127.0.0.1:" + APP.getLocalPort();
    }

    private static List<String> codeBlocks(String language) throws Exception {
        final Matcher matcher = CODE_BLOCK.matcher(Files.readString(GUIDE));
        final List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(matcher.group(2));
            }
        }
        return blocks;
    }

    private static String yamlBlockMentioning(String text) throws Exception {
        final List<String> blocks = codeBlocks("yaml").stream().filter(block -> block.contains(text)).toList();
        assertThat(blocks).as("yaml snippets mentioning " + text).hasSize(1);
        return blocks.get(0);
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String element) {
        return document.getElementsByTagName(element).item(0).getTextContent().trim();
    }

    /** The project's own groupId/artifactId/version: direct children of project, not of a dependency. */
    private static String projectElement(Document pom, String element) {
        return Stream.iterate(pom.getDocumentElement().getFirstChild(), node -> node != null, Node::getNextSibling)
                .filter(node -> element.equals(node.getNodeName()))
                .map(node -> node.getTextContent().trim())
                .findFirst()
                .orElseThrow();
    }
}
