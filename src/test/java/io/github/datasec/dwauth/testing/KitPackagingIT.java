package io.github.datasec.dwauth.testing;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code package} put into the jars: the test kit alone in the {@code testkit} jar, the bundle
 * without the example in the library jar, and no test library in what production code pulls in.
 *
 * <p>The jars are found next to this class's {@code test-classes} folder, which is how the build
 * directory shows itself to a test whatever {@code -DbuildDir} says. The name must not start with
 * "Test": Surefire would pick the class up and run it before {@code package} made the jars.
 *
 * <p>"The production dependency tree holds no test library" is checked on two artifacts Maven made,
 * rather than by running Maven inside a test: the pom inside the library jar is exactly what a
 * user's build resolves, so every test library must be declared there with scope {@code test}
 * (which Maven never passes on); and {@code app.jar} holds every runtime dependency as Maven
 * resolved them, transitives included, so a test library arriving through some other dependency
 * would show up there as classes.
 */
class KitPackagingIT {

    private static final String ARTIFACT = "dropwizard-keycloak-auth";
    private static final String KIT_CLASSIFIER_SUFFIX = "-testkit.jar";
    private static final String KIT_PACKAGE = "io/github/datasec/dwauth/testing/";
    private static final String PUBLISHED_POM = "META-INF/maven/io.github.datasec/" + ARTIFACT + "/pom.xml";

    /** groupId, or groupId:artifactId, of the libraries the kit and the project's tests use. */
    private static final List<String> TEST_LIBRARIES = List.of(
            "org.junit.jupiter", "org.junit.platform", "org.assertj", "org.mockito", "org.testcontainers",
            "com.github.dasniko", "org.seleniumhq.selenium", "io.dropwizard:dropwizard-testing");

    /** Where the classes of those libraries live inside a jar. */
    private static final List<String> TEST_LIBRARY_PACKAGES = List.of(
            "org/junit/", "org/assertj/", "org/mockito/", "org/testcontainers/", "dasniko/",
            "org/openqa/selenium/", "io/dropwizard/testing/", KIT_PACKAGE);

    @Test
    void kitJarHoldsTheKitAndNothingElse() throws Exception {
        List<String> classes = classesIn(kitJar());

        assertThat(classes).contains(
                KIT_PACKAGE + "issuer/InProcessIssuer.class",
                KIT_PACKAGE + "client/BearerTokens.class",
                KIT_PACKAGE + "keycloak/KeycloakExtension.class");
        assertThat(classes).allMatch(name -> name.startsWith(KIT_PACKAGE), "is under " + KIT_PACKAGE);
        assertThat(classes).noneMatch(name -> name.matches(".*(Test|IT)(\\$.*)?\\.class"));
    }

    @Test
    void libraryJarHoldsTheBundleButNeitherTheExampleNorTheKit() throws Exception {
        List<String> classes = classesIn(libraryJar());

        assertThat(classes).contains("io/github/datasec/dwauth/OidcAuthBundle.class");
        assertThat(classes).noneMatch(name -> name.startsWith("io/github/datasec/dwauth/example/"));
        assertThat(classes).noneMatch(name -> name.startsWith(KIT_PACKAGE));
    }

    @Test
    void publishedPomDeclaresEveryTestLibraryWithTestScope() throws Exception {
        List<Map.Entry<String, String>> testLibraries = new ArrayList<>();
        for (Element dependency : declaredDependencies(libraryJar())) {
            String groupId = childText(dependency, "groupId");
            String artifactId = childText(dependency, "artifactId");
            if (isTestLibrary(groupId, artifactId)) {
                testLibraries.add(Map.entry(groupId + ":" + artifactId, childText(dependency, "scope")));
            }
        }

        // Found at all, so that a renamed element or a moved pom cannot make this pass vacuously.
        assertThat(testLibraries).extracting(Map.Entry::getKey)
                .contains("org.junit.jupiter:junit-jupiter", "io.dropwizard:dropwizard-testing");
        assertThat(testLibraries).allSatisfy(library ->
                assertThat(library.getValue()).as("scope of %s", library.getKey()).isEqualTo("test"));
    }

    @Test
    void runtimeDependenciesBringNoTestLibrary() throws Exception {
        Path appJar = buildDirectory().resolve("app.jar");
        assertThat(appJar).isRegularFile();
        List<String> classes = classesIn(appJar);

        assertThat(classes).contains("io/github/datasec/dwauth/OidcAuthBundle.class", "org/jose4j/jwt/JwtClaims.class");
        for (String testPackage : TEST_LIBRARY_PACKAGES) {
            assertThat(classes).as("classes under %s in %s", testPackage, appJar)
                    .noneMatch(name -> name.startsWith(testPackage));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Path buildDirectory() throws URISyntaxException {
        Path testClasses = Path.of(KitPackagingIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(testClasses.getFileName()).as("where the test classes were loaded from").hasToString("test-classes");
        return testClasses.getParent();
    }

    private static Path kitJar() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(buildDirectory())) {
            List<Path> kits = files
                    .filter(file -> file.getFileName().toString().startsWith(ARTIFACT + "-"))
                    .filter(file -> file.getFileName().toString().endsWith(KIT_CLASSIFIER_SUFFIX))
                    .toList();
            assertThat(kits).as("testkit jars in %s", buildDirectory()).hasSize(1);
            return kits.get(0);
        }
    }

    /** The jar of the same version as the kit, without a classifier. */
    private static Path libraryJar() throws IOException, URISyntaxException {
        Path kit = kitJar();
        String kitName = kit.getFileName().toString();
        Path library = kit.resolveSibling(kitName.substring(0, kitName.length() - KIT_CLASSIFIER_SUFFIX.length()) + ".jar");
        assertThat(library).isRegularFile();
        return library;
    }

    private static List<String> classesIn(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> !name.endsWith("module-info.class"))
                    .toList();
        }
    }

    private static boolean isTestLibrary(String groupId, String artifactId) {
        return TEST_LIBRARIES.stream().anyMatch(library -> library.contains(":")
                ? library.equals(groupId + ":" + artifactId)
                : groupId.equals(library) || groupId.startsWith(library + "."));
    }

    /** The {@code <dependency>} elements of the pom's own {@code <dependencies>}: not managed ones, not profiles'. */
    private static List<Element> declaredDependencies(Path libraryJar) throws Exception {
        Document pom;
        try (JarFile jar = new JarFile(libraryJar.toFile())) {
            JarEntry entry = jar.getJarEntry(PUBLISHED_POM);
            assertThat(entry).as("%s in %s", PUBLISHED_POM, libraryJar).isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            try (InputStream in = jar.getInputStream(entry)) {
                pom = factory.newDocumentBuilder().parse(in);
            }
        }
        List<Element> dependencies = children(pom.getDocumentElement(), "dependencies");
        assertThat(dependencies).as("<dependencies> directly under <project>").hasSize(1);
        return children(dependencies.get(0), "dependency");
    }

    /** The text of a direct child element; an absent scope is Maven's default, compile. */
    private static String childText(Element parent, String tagName) {
        List<Element> matches = children(parent, tagName);
        if (matches.isEmpty()) {
            return tagName.equals("scope") ? "compile" : "";
        }
        return matches.get(0).getTextContent().strip();
    }

    private static List<Element> children(Element parent, String tagName) {
        List<Element> matches = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals(tagName)) {
                matches.add(element);
            }
        }
        return matches;
    }
}
