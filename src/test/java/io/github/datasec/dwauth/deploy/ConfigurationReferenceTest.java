package io.github.datasec.dwauth.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.dropwizard.jackson.Jackson;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md against the configuration classes as Jackson reads them, and against
 * config.yaml: every field is listed with its env var, config.yaml default and built-in default.
 */
class ConfigurationReferenceTest {
    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final Map<String, Class<?>> BLOCKS = Map.of(
            "authenticationConfiguration", AuthenticationConfiguration.class,
            "authorizerConfiguration", AuthorizerConfiguration.class);
    private static final String NONE = "—";
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    /** One line of the reference table: field | env var | config.yaml default | built-in default | meaning. */
    record Row(String field, String variable, String configYamlDefault, String builtInDefault, String meaning) {
    }

    @Test
    void listsEveryFieldOfTheConfigurationClassesAndNothingElse() throws Exception {
        assertThat(rows().keySet()).containsExactlyInAnyOrderElementsOf(fields().keySet());
    }

    @Test
    void namesTheEnvVarThatConfigYamlReadsForEachField() throws Exception {
        for (Row row : rows().values()) {
            final String expected = ConfigYaml.atPath(row.field()).map(ConfigYaml.EnvReference::variable).orElse(NONE);
            assertThat(row.variable()).as("env var of %s", row.field()).isEqualTo(expected);
        }
    }

    @Test
    void givesConfigYamlsDefaultForEachField() throws Exception {
        for (Row row : rows().values()) {
            final String expected = ConfigYaml.atPath(row.field()).map(ConfigYaml.EnvReference::defaultValue).orElse(NONE);
            assertThat(row.configYamlDefault()).as("config.yaml default of %s", row.field()).isEqualTo(expected);
        }
    }

    @Test
    void givesTheBuiltInDefaultOfEachField() throws Exception {
        final Map<String, JsonNode> fields = fields();
        for (Row row : rows().values()) {
            assertThat(row.builtInDefault()).as("built-in default of %s", row.field())
                    .isEqualTo(render(fields.get(row.field())));
        }
    }

    @Test
    void explainsEveryField() throws Exception {
        assertThat(rows().values()).allSatisfy(row -> assertThat(row.meaning()).as(row.field()).hasSizeGreaterThan(10));
    }

    @Test
    void mentionsEveryVariableConfigYamlReads() throws IOException {
        final String reference = Files.readString(REFERENCE);

        assertThat(ConfigYaml.byVariable().keySet())
                .allSatisfy(variable -> assertThat(reference).contains("`" + variable + "`"));
    }

    @Test
    void everyAuthFieldThatConfigYamlSetsIsAFieldOfTheClasses() throws Exception {
        final Map<String, JsonNode> fields = fields();

        assertThat(ConfigYaml.references().stream().map(ConfigYaml.EnvReference::path)
                .filter(path -> BLOCKS.keySet().stream().anyMatch(block -> path.startsWith(block + "."))))
                .isNotEmpty()
                .allSatisfy(path -> assertThat(fields).containsKey(path));
    }

    @Test
    void rendersDefaultsTheWayTheTableWritesThem() {
        assertThat(render(MAPPER.valueToTree(List.of("email", "sub")))).isEqualTo("[email, sub]");
        assertThat(render(MAPPER.valueToTree(""))).isEqualTo("\"\"");
        assertThat(render(MAPPER.valueToTree(Map.of()))).isEqualTo("{}");
        assertThat(render(MAPPER.nullNode())).isEqualTo("null");
        assertThat(render(MAPPER.valueToTree(30))).isEqualTo("30");
    }

    // ------------------------------------------------------------ helpers

    /** Every leaf field (dotted path) of the two blocks, with its built-in default as Jackson writes it. */
    private static Map<String, JsonNode> fields() throws ReflectiveOperationException {
        final Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> block : BLOCKS.entrySet()) {
            collect(block.getKey(), block.getValue(), MAPPER.valueToTree(newInstance(block.getValue())), fields);
        }
        return fields;
    }

    private static void collect(String prefix, Class<?> type, JsonNode defaults, Map<String, JsonNode> into)
            throws ReflectiveOperationException {
        final BeanDescription description = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type));
        for (BeanPropertyDefinition property : description.findProperties()) {
            final String path = prefix + "." + property.getName();
            final Class<?> propertyType = property.getRawPrimaryType();
            if (isConfigurationBlock(propertyType)) {
                collect(path, propertyType, MAPPER.valueToTree(newInstance(propertyType)), into);
            } else {
                into.put(path, defaults.path(property.getName()));
            }
        }
    }

    // The sub-blocks (tokenValidation, jwks, ...) live beside the two top-level classes; enums there are values.
    private static boolean isConfigurationBlock(Class<?> type) {
        return type.getPackage() == AuthenticationConfiguration.class.getPackage() && !type.isEnum();
    }

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create the defaults of " + type, e.getCause());
        }
    }

    /** How the table writes a default: text as is, lists as [a, b], empty text as "". */
    private static String render(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isTextual()) {
            return value.asText().isEmpty() ? "\"\"" : value.asText();
        }
        if (value.isArray()) {
            final List<String> elements = new ArrayList<>();
            value.forEach(element -> elements.add(render(element)));
            return elements.stream().collect(Collectors.joining(", ", "[", "]"));
        }
        return value.toString();
    }

    private static Map<String, Row> rows() throws IOException {
        final Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            if (BLOCKS.keySet().stream().noneMatch(block -> line.startsWith("| `" + block + "."))) {
                continue;
            }
            final String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
            assertThat(cells).as("cells of: %s", line).hasSize(5);
            final Row row = new Row(code(cells[0]), code(cells[1]), code(cells[2]), code(cells[3]), cells[4].trim());
            assertThat(rows.put(row.field(), row)).as("rows for %s", row.field()).isNull();
        }
        return rows;
    }

    // `text` -> text; a dash stays a dash.
    private static String code(String cell) {
        final String trimmed = cell.trim();
        return trimmed.startsWith("`") && trimmed.endsWith("`") && trimmed.length() >= 2
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
