package io.github.datasec.dwauth.config;

import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.github.datasec.dwauth.example.ExampleConfiguration;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** A YAML text through Dropwizard's own parsing and validation, as the example application loads config.yaml. */
final class YamlConfigs {
    private static final YamlConfigurationFactory<ExampleConfiguration> FACTORY =
            new YamlConfigurationFactory<>(ExampleConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private YamlConfigs() {
    }

    static ExampleConfiguration load(String yaml) throws Exception {
        return FACTORY.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    /** The text with the value of every line whose key is {@code key} replaced. */
    static String withValue(String yaml, String key, String value) {
        return yaml.lines().map(l -> l.trim().startsWith(key + ":") ? l.substring(0, l.indexOf(key)) + key + ": " + value : l)
                .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
    }
}
