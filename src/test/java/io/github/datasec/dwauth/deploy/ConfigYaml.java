package io.github.datasec.dwauth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import org.apache.commons.text.StringSubstitutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's config.yaml as deployments see it: which env vars it reads, for which field, with which default. */
final class ConfigYaml {
    static final Path FILE = Path.of("config.yaml");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?}");
    // A prefix no test sets, so that no dw.* system property of another test leaks into the loaded file.
    private static final String NO_PROPERTY_OVERRIDES = "deployment-files-test";

    /** One {@code ${VARIABLE:-default}} in config.yaml, at a dotted path such as {@code authenticationConfiguration.jwks.allowInsecureHttp}. */
    record EnvReference(String path, String variable, String defaultValue) {
    }

    private ConfigYaml() {
    }

    static List<EnvReference> references() {
        final JsonNode root;
        try {
            root = new YAMLMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<EnvReference> found = new ArrayList<>();
        collect(root, "", found);
        return Collections.unmodifiableList(found);
    }

    /** Variable name to its reference; a variable read in two places would make "where it goes" ambiguous. */
    static Map<String, EnvReference> byVariable() {
        final Map<String, EnvReference> byVariable = new LinkedHashMap<>();
        for (EnvReference reference : references()) {
            if (byVariable.put(reference.variable(), reference) != null) {
                throw new IllegalStateException(reference.variable() + " is read twice in " + FILE);
            }
        }
        return byVariable;
    }

    static Optional<EnvReference> atPath(String path) {
        return references().stream().filter(reference -> reference.path().equals(path)).findFirst();
    }

    /** The value a variable takes: the deployment's setting, else config.yaml's default. */
    static String effectiveValue(String variable, Map<String, String> environment) {
        final EnvReference reference = byVariable().get(variable);
        if (reference == null) {
            throw new IllegalArgumentException(variable + " is not read by " + FILE);
        }
        return environment.getOrDefault(variable, reference.defaultValue());
    }

    /**
     * Loads config.yaml the way the example application does, with {@code environment} in place of the
     * process environment, through Dropwizard's parsing and validation (which includes the bundle's rules).
     */
    static ExampleConfiguration load(Map<String, String> environment) throws IOException, ConfigurationException {
        // The same settings as Dropwizard's EnvironmentVariableSubstitutor(false): unset variables take their default.
        final StringSubstitutor substitutor = new StringSubstitutor(environment::get);
        substitutor.setEnableUndefinedVariableException(false);
        substitutor.setEnableSubstitutionInVariables(false);
        return new YamlConfigurationFactory<>(ExampleConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), NO_PROPERTY_OVERRIDES)
                .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor), FILE.toString());
    }

    private static void collect(JsonNode node, String path, List<EnvReference> into) {
        if (node.isObject()) {
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", into);
            }
        } else if (node.isTextual()) {
            final Matcher matcher = REFERENCE.matcher(node.asText());
            while (matcher.find()) {
                into.add(new EnvReference(path, matcher.group(1), matcher.group(2)));
            }
        }
    }
}
