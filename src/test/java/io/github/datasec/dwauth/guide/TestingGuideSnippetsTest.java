package io.github.datasec.dwauth.guide;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/testing.md from drifting away from code that runs: each Java snippet is the whole of
 * the class it declares in this package (less the package line), the YAML snippet is the file its
 * first line names, and each artifact the guide gives a version is the one this build uses.
 */
class TestingGuideSnippetsTest {

    private static final Path GUIDE = Path.of("docs", "testing.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "github", "datasec", "dwauth", "guide");
    private static final Path POM = Path.of("pom.xml");

    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```(\\w+)[^\\n]*\\n(.*?)^```[ \\t]*$");
    private static final Pattern TOP_LEVEL_TYPE =
            Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^package\\s+[\\w.]+;");
    private static final Pattern YAML_SOURCE_LINE = Pattern.compile("\\A#\\s*(\\S+)\\s*\\n");
    private static final Pattern COORDINATES = Pattern.compile(
            "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern PROPERTIES_BLOCK = Pattern.compile("(?s)<properties>(.*?)</properties>");
    private static final Pattern PROPERTY = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>");
    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    @Test
    void everyJavaSnippetIsTheWholeClassItDeclares() throws IOException {
        List<String> snippets = snippets("java");
        assertThat(snippets).isNotEmpty();

        for (String snippet : snippets) {
            Path source = SOURCES.resolve(typeName(snippet) + ".java");
            assertThat(source).exists();
            String withoutPackage = PACKAGE_LINE.matcher(Files.readString(source)).replaceFirst("");

            assertThat(normalised(snippet)).as("the snippet of %s in %s", source, GUIDE)
                    .isEqualTo(normalised(withoutPackage));
        }
    }

    @Test
    void guideShowsTheResourceAndBothWaysOfTestingIt() throws IOException {
        List<String> shown = snippets("java").stream().map(TestingGuideSnippetsTest::typeName).toList();

        assertThat(shown).containsExactly("ReportsResource", "InProcessIssuerGuideTest", "KeycloakGuideIT");
    }

    @Test
    void everyYamlSnippetIsTheFileItNames() throws IOException {
        List<String> snippets = snippets("yaml");
        assertThat(snippets).isNotEmpty();

        for (String snippet : snippets) {
            Matcher sourceLine = YAML_SOURCE_LINE.matcher(snippet);
            assertThat(sourceLine.find()).as("a first line '# <path>' in%n%s", snippet).isTrue();
            Path source = Path.of(sourceLine.group(1));

            assertThat(normalised(snippet)).as("the snippet of %s in %s", source, GUIDE)
                    .isEqualTo(normalised(Files.readString(source)));
        }
    }

    @Test
    void everyVersionInTheGuideIsTheVersionThisBuildUses() throws IOException {
        String pom = Files.readString(POM);
        Map<String, String> buildVersions = coordinates(pom, properties(pom)).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first));
        String guideXml = String.join("\n", snippets("xml"));
        List<Map.Entry<String, String>> guideVersions = coordinates(guideXml, properties(guideXml));

        // The kit itself, a Dropwizard BOM, testcontainers-keycloak, Keycloak's distribution, two plugins.
        assertThat(guideVersions).hasSizeGreaterThanOrEqualTo(7);
        for (Map.Entry<String, String> artifact : guideVersions) {
            assertThat(buildVersions).as("the version of %s in %s", artifact.getKey(), GUIDE)
                    .containsEntry(artifact.getKey(), artifact.getValue());
        }
    }

    private static List<String> snippets(String language) throws IOException {
        Matcher block = FENCED_BLOCK.matcher(Files.readString(GUIDE));
        return block.results()
                .filter(result -> result.group(1).equals(language))
                .map(result -> result.group(2))
                .toList();
    }

    private static String typeName(String javaSnippet) {
        Matcher type = TOP_LEVEL_TYPE.matcher(javaSnippet);
        assertThat(type.find()).as("a top-level type in%n%s", javaSnippet).isTrue();
        return type.group(1);
    }

    private static String normalised(String code) {
        return code.strip().replaceAll("\\s+", " ");
    }

    /** groupId:artifactId to version, in order of appearance, with {@code ${property}} references resolved. */
    private static List<Map.Entry<String, String>> coordinates(String xml, Map<String, String> properties) {
        return COORDINATES.matcher(xml).results()
                .map(match -> (Map.Entry<String, String>) new SimpleEntry<>(
                        match.group(1).strip() + ":" + match.group(2).strip(), resolved(match.group(3).strip(), properties)))
                .toList();
    }

    private static Map<String, String> properties(String xml) {
        Map<String, String> properties = new HashMap<>();
        PROPERTIES_BLOCK.matcher(xml).results().forEach(block -> PROPERTY.matcher(block.group(1)).results()
                .forEach(property -> properties.put(property.group(1), property.group(2).strip())));
        return properties;
    }

    private static String resolved(String value, Map<String, String> properties) {
        return PROPERTY_REFERENCE.matcher(value).replaceAll(reference -> {
            String name = reference.group(1);
            assertThat(properties).as("a definition of ${%s}", name).containsKey(name);
            return Matcher.quoteReplacement(properties.get(name));
        });
    }
}
