package io.github.datasec.dwauth.config;

/** One thing wrong with the configuration: the field's path and what is wrong with it. */
public record ConfigurationProblem(String field, String message) {

    /**
     * Bean Validation treats {@code {...}} and {@code ${...}} in a message as a template; a
     * configured value quoted in a message must never be evaluated.
     */
    static String escapeForTemplate(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }

    @Override
    public String toString() {
        return field + " " + message;
    }
}
