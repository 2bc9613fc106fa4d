package io.github.datasec.dwauth.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.browser.Browsers;
import io.github.datasec.dwauth.testing.browser.HeadlessChromium;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login page with DPoP required, in headless Chromium against a real Keycloak whose client
 * requires DPoP-bound tokens: the page's key cannot be exported, the token request and every API
 * call carry proofs of it, and a reload keeps the same key.
 */
class DpopLoginPageBrowserIT {
    private static final String USER = "data-user";
    private static final String USER_PASSWORD = "data-password";
    private static final String DPOP_CLIENT = "dpop-spa";

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    private static final AppUnderTest DPOP = AppUnderTest.onFreePort("dpop", "code", DPOP_CLIENT, "required");

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<ExampleConfiguration> DPOP_APP = DPOP.extension(KEYCLOAK);

    private HeadlessChromium browser;
    private RecordedRequests requests;

    @BeforeAll
    static void registerADpopClient() {
        KEYCLOAK.admin().createPublicClient(AppUnderTest.REALM, DPOP_CLIENT, ClientOptions.defaults().withDpopBoundTokens(true));
        DPOP.registerWith(KEYCLOAK);
    }

    @BeforeEach
    void startBrowser() {
        browser = Browsers.headlessChromium();
        requests = new RecordedRequests(browser.driver());
    }

    @AfterEach
    void stopBrowser() throws Exception {
        try {
            requests.close();
        } finally {
            browser.close();
        }
    }

    @Test
    void signsInWithATokenBoundToAKeyThePageCannotExport() throws Exception {
        final SignInPage page = new SignInPage(browser.driver(), DPOP).signIn(USER, USER_PASSWORD);

        assertThat(page.text("user-name")).isEqualTo(USER);
        final List<RecordedRequests.Request> tokenRequests =
                requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/token");
        assertThat(tokenRequests).extracting(RecordedRequests.Request::method).contains("POST");
        final String keyThumbprint = thumbprintOfProof(tokenRequests.stream()
                .filter(request -> request.method().equals("POST")).findFirst().orElseThrow().header("DPoP").get(0));

        final List<RecordedRequests.Request> calls = requests.to(DPOP.url("/api/v1/users/loggedInUser"));
        assertThat(calls).isNotEmpty();
        for (RecordedRequests.Request call : calls) {
            final String authorization = call.header("Authorization").get(0);
            assertThat(authorization).startsWith("DPoP ");
            final JsonNode claims = payload(authorization.substring("DPoP ".length()));
            assertThat(claims.path("cnf").path("jkt").asText()).isEqualTo(keyThumbprint);
            assertThat(claims.path("typ").asText()).isEqualTo("DPoP");
            // The recorder may see a header twice (request and its extra info); it must be one proof.
            assertThat(call.header("DPoP")).isNotEmpty().containsOnly(call.header("DPoP").get(0));
            assertThat(thumbprintOfProof(call.header("DPoP").get(0))).isEqualTo(keyThumbprint);
        }
        assertThat(page.adminCheck()).isEqualTo("403");

        assertThat(exportPrivateKey()).startsWith("refused:");
    }

    @Test
    void aReloadKeepsTheBindingWithTheStoredKey() throws Exception {
        final SignInPage page = new SignInPage(browser.driver(), DPOP).signIn(USER, USER_PASSWORD);
        final String before = thumbprintOfProof(requests.to(DPOP.url("/api/v1/users/loggedInUser")).get(0).header("DPoP").get(0));
        requests.clear();

        browser.driver().navigate().refresh();
        page.awaitState("signed-in");

        final List<RecordedRequests.Request> calls = requests.to(DPOP.url("/api/v1/users/loggedInUser"));
        assertThat(calls).isNotEmpty();
        assertThat(thumbprintOfProof(calls.get(0).header("DPoP").get(0))).isEqualTo(before);
        assertThat(page.storage("localStorage")).isEmpty();
    }

    private String exportPrivateKey() {
        final Object outcome = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const open = indexedDB.open('dwauth', 1);"
                        + "open.onerror = () => done('no database');"
                        + "open.onsuccess = () => {"
                        + "  const get = open.result.transaction('keys').objectStore('keys').get('dpop');"
                        + "  get.onsuccess = () => {"
                        + "    const key = get.result && get.result.privateKey;"
                        + "    if (!key) { done('no key'); return; }"
                        + "    crypto.subtle.exportKey('jwk', key).then(() => done('exported: ' + key.extractable),"
                        + "        (error) => done('refused: ' + error.name + ' extractable=' + key.extractable));"
                        + "  };"
                        + "};");
        return String.valueOf(outcome);
    }

    private static String thumbprintOfProof(String proof) throws Exception {
        final JsonNode header = Jackson.newObjectMapper().readTree(Base64.getUrlDecoder().decode(proof.split("\\.")[0]));
        assertThat(header.path("typ").asText()).isEqualTo("dpop+jwt");
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        assertThat(header.path("jwk").has("d")).isFalse();
        @SuppressWarnings("unchecked")
        final Map<String, Object> jwk = Jackson.newObjectMapper().convertValue(header.path("jwk"), Map.class);
        return JsonWebKey.Factory.newJwk(jwk).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }

    private static JsonNode payload(String jwt) throws Exception {
        return Jackson.newObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
