package io.github.datasec.dwauth.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md is assembled from docs/, where each guide's snippets are checked by its own test, so the
 * README cannot drift from what is tested. After editing docs/, regenerate it with
 * {@code mvn -B test -Dtest=ReadmeTest -Dreadme.write=true}.
 */
class ReadmeTest {
    private static final Path README = Path.of("README.md");
    private static final List<String> SECTIONS = List.of(
            "configuration.md", "login-page.md", "sessions.md", "security-model.md", "dpop.md", "performance.md",
            "embedding.md", "testing.md", "deployment.md");
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?!https?:|#|/)([^)]+)\\)");

    @Test
    void readmeIsAssembledFromTheDocs() throws IOException {
        final String expected = assemble();
        if (Boolean.getBoolean("readme.write")) {
            Files.writeString(README, expected, UTF_8);
        }
        assertThat(Files.readString(README, UTF_8))
                .as("README.md is out of date with docs/; run: mvn -B test -Dtest=ReadmeTest -Dreadme.write=true")
                .isEqualTo(expected);
    }

    @Test
    void readmeCarriesTheRunCommandAndTheTestCommandThatCiRuns() throws IOException {
        final String readme = Files.readString(README, UTF_8);
        assertThat(readme).contains("```sh\n./demo.sh\n```").contains("```sh\nmvn -B verify\n```");
        assertThat(Files.readString(Path.of(".ci", "run"), UTF_8)).containsPattern("(?m)^mvn -B verify$");
        assertThat(Files.isExecutable(Path.of("demo.sh"))).isTrue();
    }

    private static String assemble() throws IOException {
        final StringBuilder readme = new StringBuilder(Files.readString(Path.of("docs", "readme-intro.md"), UTF_8).strip());
        for (String section : SECTIONS) {
            readme.append("\n\n").append(asReadmeSection(Files.readString(Path.of("docs", section), UTF_8).strip()));
        }
        return readme.append('\n').toString();
    }

    /** One heading level down (a guide's title becomes a README section) and links made relative to the root. */
    private static String asReadmeSection(String guide) {
        final String demoted = guide.startsWith("# ") ? demoteHeadings(guide) : guide;
        final Matcher link = RELATIVE_LINK.matcher(demoted);
        final StringBuilder out = new StringBuilder();
        while (link.find()) {
            final String target = link.group(1);
            final String rooted = target.startsWith("../") ? target.substring(3) : "docs/" + target;
            link.appendReplacement(out, Matcher.quoteReplacement("](" + rooted + ")"));
        }
        link.appendTail(out);
        return out.toString();
    }

    private static String demoteHeadings(String guide) {
        final StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : guide.split("\n", -1)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            out.append(!inCode && line.startsWith("#") ? "#" + line : line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
