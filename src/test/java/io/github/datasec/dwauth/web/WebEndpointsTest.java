package io.github.datasec.dwauth.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.web.WebOnlyApplication.WebOnlyConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebEndpointsTest {
    private static final String SECRET = "client-secret-that-must-never-leave-the-server";
    private static final String AUTHORITY = "https://ID.Example.com:443/realms/data-sec";

    @RegisterExtension
    static final DropwizardAppExtension<WebOnlyConfiguration> APP = new DropwizardAppExtension<>(
            WebOnlyApplication.class, WebOnlyApplication.configuration("""
                    {"provider": "custom-oidc", "providerName": "Keycloak", "responseType": "code",
                     "authority": "%s", "clientId": "open-metadata", "tokenValidationAlgorithm": "ES256",
                     "publicKeyUrls": ["https://id.example.com/realms/data-sec/protocol/openid-connect/certs"],
                     "callbackUrl": "https://app.example.com/callback",
                     "oidcConfiguration": {"secret": "%s", "scope": "openid email profile"}}
                    """.formatted(AUTHORITY, SECRET)));

    @RegisterExtension
    static final DropwizardAppExtension<WebOnlyConfiguration> WITHOUT_PAGE = new DropwizardAppExtension<>(
            WebOnlyApplication.class, WebOnlyApplication.configuration("""
                    {"authority": "http://localhost:8081/realms/data-sec", "clientId": "open-metadata",
                     "loginPage": {"enabled": false}}
                    """));

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    @Test
    void authConfigEndpointListsExactlyThePublicFieldsAndNeverTheSecret() throws Exception {
        final HttpResponse<String> response = get(APP, "/api/v1/system/config/auth");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).doesNotContain(SECRET).doesNotContainIgnoringCase("secret");
        final JsonNode config = JSON.readTree(response.body());
        final Set<String> fields = new HashSet<>();
        config.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("provider", "providerName", "clientType", "responseType",
                "authority", "clientId", "callbackUrl", "jwtPrincipalClaims", "tokenValidationAlgorithm", "enableSelfSignup",
                "enableAutoRedirect", "scope", "loginPage");
        assertThat(config.get("provider").asText()).isEqualTo("custom-oidc");
        assertThat(config.get("providerName").asText()).isEqualTo("Keycloak");
        assertThat(config.get("clientType").asText()).isEqualTo("public");
        assertThat(config.get("responseType").asText()).isEqualTo("code");
        assertThat(config.get("authority").asText()).isEqualTo(AUTHORITY);
        assertThat(config.get("clientId").asText()).isEqualTo("open-metadata");
        assertThat(config.get("callbackUrl").asText()).isEqualTo("https://app.example.com/callback");
        assertThat(config.get("jwtPrincipalClaims").toString()).isEqualTo("[\"email\",\"preferred_username\",\"sub\"]");
        assertThat(config.get("tokenValidationAlgorithm").asText()).isEqualTo("ES256");
        assertThat(config.get("enableSelfSignup").asBoolean()).isTrue();
        assertThat(config.get("enableAutoRedirect").asBoolean()).isFalse();
        assertThat(config.get("scope").asText()).isEqualTo("openid email profile");
        assertThat(config.get("loginPage").toString())
                .isEqualTo("{\"enabled\":true,\"path\":\"/\",\"callbackPath\":\"/callback\",\"silentCallbackPath\":\"/silent-callback\"}");
    }

    @Test
    void publicConfigIsBuiltFieldByFieldSoNoConfigurationFieldLeaksIntoIt() {
        final Set<String> components = new HashSet<>();
        for (var component : PublicAuthConfig.class.getRecordComponents()) {
            components.add(component.getName());
        }
        assertThat(components).doesNotContain("oidcConfiguration", "secret", "publicKeyUrls", "samlConfiguration", "ldapConfiguration");
    }

    @Test
    void contentSecurityPolicyAllowsOnlyThisOriginAndTheAuthorityOrigin() throws Exception {
        final HttpResponse<String> response = get(APP, "/");

        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
                        + "; connect-src 'self' https://id.example.com"
                        + "; frame-src 'self' https://id.example.com"
                        + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'none'"
                        + "; require-trusted-types-for 'script'; trusted-types 'none'");
    }

    @Test
    void authorityOriginIsNormalisedAsBrowsersCompareIt() {
        assertThat(SecurityHeaders.origin("http://localhost:8081/realms/data-sec")).isEqualTo("http://localhost:8081");
        assertThat(SecurityHeaders.origin("HTTPS://Keycloak.Example.COM/realms/x/")).isEqualTo("https://keycloak.example.com");
        assertThat(SecurityHeaders.origin("http://id.example.com:80/realms/x")).isEqualTo("http://id.example.com");
        assertThat(SecurityHeaders.origin("https://id.example.com:8443/auth/realms/x")).isEqualTo("https://id.example.com:8443");
        assertThat(SecurityHeaders.origin("http://[::1]:8081/realms/x")).isEqualTo("http://[::1]:8081");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "/realms/data-sec", "ftp://id.example.com/realms/x",
            "https://user@id.example.com/realms/x", "https://id.example.com; script-src *"})
    void authorityThatIsNotAPlainHttpUrlIsRefusedBeforeItCanShapeThePolicy(String authority) {
        assertThatThrownBy(() -> SecurityHeaders.forAuthority(authority)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheSilentCallbackPageMayBeFramedAndOnlyByThisOrigin() throws Exception {
        final String silent = get(APP, "/silent-callback").headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(silent).contains("frame-ancestors 'self';").doesNotContain("frame-ancestors 'none'");
        for (String path : List.of("/", "/callback")) {
            assertThat(get(APP, path).headers().firstValue("Content-Security-Policy").orElseThrow())
                    .as(path).contains("frame-ancestors 'none';");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/callback", "/silent-callback"})
    void pagesAreHtmlNeverCachedAndLeakNoReferrer(String path) throws Exception {
        final HttpResponse<String> response = get(APP, path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void pagesHaveNoInlineScriptOrStyle() throws Exception {
        for (String path : List.of("/", "/callback", "/silent-callback")) {
            final String html = get(APP, path).body();
            assertThat(html).as(path)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                    .doesNotContainIgnoringCase("<style")
                    .doesNotContainPattern("\\sstyle=")
                    .doesNotContainPattern("\\son[a-z]+=");
        }
    }

    @Test
    void callbackPagesTellTheScriptWhichPageItRuns() throws Exception {
        assertThat(get(APP, "/").body()).contains("data-page=\"main\"").contains("src=\"login-assets/app.js\"");
        assertThat(get(APP, "/callback").body()).contains("data-page=\"callback\"");
        assertThat(get(APP, "/silent-callback").body()).contains("src=\"login-assets/silent-callback.js\"");
    }

    @Test
    void assetUrlsAreRelativeToEachPageSoTheyWorkUnderAnyContextPath() {
        assertThat(LoginPage.assetPrefixFor("/")).isEqualTo("login-assets/");
        assertThat(LoginPage.assetPrefixFor("/callback")).isEqualTo("login-assets/");
        assertThat(LoginPage.assetPrefixFor("/auth/callback")).isEqualTo("../login-assets/");
        assertThat(LoginPage.assetPrefixFor("/a/b/")).isEqualTo("../../login-assets/");
    }

    @Test
    void everyFileThePagesAndModulesReferToIsServedWithItsContentType() throws Exception {
        final List<String> referenced = new ArrayList<>();
        for (String page : List.of("/", "/silent-callback")) {
            referenced.addAll(matches(Pattern.compile("(?:src|href)=\"login-assets/([^\"]+)\""), get(APP, page).body()));
        }
        for (int i = 0; i < referenced.size(); i++) {
            final String module = referenced.get(i);
            if (module.endsWith(".js")) {
                matches(Pattern.compile("from '\\./([^']+)'"), get(APP, "/login-assets/" + module).body()).stream()
                        .filter(imported -> !referenced.contains(imported))
                        .forEach(referenced::add);
            }
        }
        assertThat(referenced).contains("app.js", "login.css", "oidc.js", "response.js", "tokens.js", "keyset.js", "provider-json.js", "errors.js",
                "encoding.js", "renewal.js", "silent-callback.js", "favicon.svg");

        for (String name : referenced) {
            final HttpResponse<String> response = get(APP, "/login-assets/" + name);
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(name)
                    .hasValue(name.endsWith(".js") ? "text/javascript;charset=utf-8"
                            : name.endsWith(".svg") ? "image/svg+xml" : "text/css;charset=utf-8");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(name).hasValue("nosniff");
            assertThat(response.headers().firstValue("Cache-Control")).as(name).hasValue("no-cache");
        }
    }

    @Test
    void unchangedAssetIsRevalidatedWithoutBeingSentAgain() throws Exception {
        final String etag = get(APP, "/login-assets/app.js").headers().firstValue("ETag").orElseThrow();

        final HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(uri(APP, "/login-assets/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/login-assets/../../pom.xml",
            "/login-assets/%2e%2e/%2e%2e/pom.xml",
            "/login-assets/..%2f..%2fpom.xml",
            "/login-assets/..%5c..%5cpom.xml",
            "/login-assets/../WebEndpoints.class",
            "/login-assets/%2e%2e/WebEndpoints.class",
            "/login-assets/app.js/..%2f..%2fLoginPage.class",
            "/login-assets/app.js%00.css",
            "/login-assets/index.html",
            "/login-assets/",
            "/login-assets/APP.JS",
            "/io/github/datasec/dwauth/web/assets/app.js",
            "/io/github/datasec/dwauth/web/LoginPage.class"})
    void anythingButAKnownAssetIsRefused(String path) throws Exception {
        final HttpResponse<String> response = get(APP, path);

        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.body()).doesNotContain("<project").doesNotContain("{{assets}}").doesNotContain("\u00ca\u00fe\u00ba\u00be");
    }

    @Test
    void switchedOffLoginPageLeavesOnlyTheConfigEndpoint() throws Exception {
        assertThat(get(WITHOUT_PAGE, "/api/v1/system/config/auth").statusCode()).isEqualTo(200);
        for (String path : List.of("/", "/callback", "/silent-callback", "/login-assets/app.js")) {
            assertThat(get(WITHOUT_PAGE, path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"path\": \"/callback\"}",
            "{\"callbackPath\": \"/silent-callback\"}",
            "{\"path\": \"/login-assets/x\"}",
            "{\"callbackPath\": \"/a/../callback\"}",
            "{\"silentCallbackPath\": \"//silent\"}"})
    void loginPagePathsThatCollideOrWanderAreRefusedAtStartup(String loginPage) throws Exception {
        final AuthenticationConfiguration config = JSON.readValue("""
                {"authority": "http://localhost:8081/realms/data-sec", "clientId": "open-metadata", "loginPage": %s}
                """.formatted(loginPage), AuthenticationConfiguration.class);

        assertThatThrownBy(() -> new LoginPage(config.getLoginPage(), SecurityHeaders.forAuthority(config.getAuthority())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptsNeverUseLocalStorageCookiesOrHtmlSinks() throws Exception {
        for (String name : LoginPage.ASSET_NAMES) {
            if (name.endsWith(".js")) {
                assertThat(get(APP, "/login-assets/" + name).body()).as(name)
                        .doesNotContain("localStorage")
                        .doesNotContain("document.cookie")
                        .doesNotContain("innerHTML")
                        .doesNotContain("outerHTML")
                        .doesNotContain("insertAdjacentHTML")
                        .doesNotContain("eval(");
            }
        }
    }

    private static List<String> matches(Pattern pattern, String text) {
        final List<String> found = new ArrayList<>();
        final Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static HttpResponse<String> get(DropwizardAppExtension<?> app, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(app, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(DropwizardAppExtension<?> app, String path) {
        return URI.create("http://localhost:" + app.getLocalPort() + path);
    }
}
