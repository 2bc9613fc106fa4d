package io.github.datasec.dwauth.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import io.github.datasec.dwauth.testing.browser.Browsers;
import io.github.datasec.dwauth.testing.browser.HeadlessChromium;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login page in a real browser (Debian's headless Chromium) against a real Keycloak and the
 * running example application: what a person does and what an attacker might try.
 */
class LoginPageBrowserIT {
    private static final String ADMIN = "admin-user";
    private static final String ADMIN_PASSWORD = "admin-password";
    private static final String USER = "data-user";
    private static final String USER_PASSWORD = "data-password";
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    private static final AppUnderTest IMPLICIT = AppUnderTest.onFreePort("implicit", "id_token");
    private static final AppUnderTest CODE = AppUnderTest.onFreePort("code", "code");

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<ExampleConfiguration> IMPLICIT_APP = IMPLICIT.extension(KEYCLOAK);

    @RegisterExtension
    @Order(3)
    static final DropwizardAppExtension<ExampleConfiguration> CODE_APP = CODE.extension(KEYCLOAK);

    private final List<AutoCloseable> opened = new ArrayList<>();
    /**
     * Console entries a test provokes on purpose, by a part of their text; any other entry fails the
     * test. RecordedRequests' marker requests, which answer 404 by design, are always among them.
     */
    private final List<String> expectedConsole = new ArrayList<>(List.of("/favicon.ico?recorded-requests-marker="));
    private HeadlessChromium browser;
    private RecordedRequests requests;

    @BeforeAll
    static void registerTheAppsWithKeycloak() {
        IMPLICIT.registerWith(KEYCLOAK);
        CODE.registerWith(KEYCLOAK);
    }

    @BeforeEach
    void startBrowser() {
        browser = browser();
        requests = recorder(browser);
    }

    /**
     * Checks that the browser console holds nothing the test did not provoke, then closes everything
     * in reverse order, even when one close fails, and reports the first failure.
     */
    @AfterEach
    void stopBrowsers() throws Exception {
        try {
            if (browser != null) {
                assertThat(browser.consoleEntries()).as("the browser console")
                        .allMatch(entry -> expectedConsole.stream().anyMatch(entry::contains));
            }
        } finally {
            closeOpened();
        }
    }

    private void closeOpened() throws Exception {
        Exception first = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void adminSignsInThroughKeycloaksLoginFormAndSeesThemselvesAsAdmin() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT);

        page.signIn(ADMIN, ADMIN_PASSWORD);

        assertThat(page.visible("signed-in")).isTrue();
        assertThat(page.visible("sign-in")).isFalse();
        assertThat(page.text("user-name")).isEqualTo(ADMIN);
        assertThat(page.text("user-email")).isEqualTo("admin-user@data-sec.example");
        assertThat(page.text("user-admin")).isEqualTo("Yes");
        assertThat(page.adminCheck()).isEqualTo("200");
        assertThat(page.text("admin-result")).contains("Access granted");
    }

    @Test
    void implicitSignInAsksKeycloakForIdTokenAndTokenWithFreshStateAndNonce() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).open();
        page.clickSignIn();

        final Map<String, String> query = queryOf(page.currentUrl());
        assertThat(page.currentUrl()).startsWith(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/auth?");
        assertThat(query).containsEntry("response_type", "id_token token")
                .containsEntry("scope", "openid email profile")
                .containsEntry("client_id", AppUnderTest.CLIENT_ID)
                .containsEntry("redirect_uri", IMPLICIT.url("/callback"))
                .containsEntry("response_mode", "fragment");
        // 32 random bytes as base64url: 256 bits, twice the minimum.
        assertThat(query.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("nonce")).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(query.get("state"));
    }

    @Test
    void afterSignInNoTokenIsLeftInTheAddressBarStorageOrCookies() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).signIn(ADMIN, ADMIN_PASSWORD);
        final Map<String, String> fragment = callbackFragment(requests, IMPLICIT);
        final String accessToken = fragment.get("access_token");
        final String idToken = fragment.get("id_token");
        assertThat(accessToken).matches(JWT);
        assertThat(idToken).matches(JWT);
        // RFC 9207: Keycloak names itself in the response, which the page then demands.
        assertThat(fragment).containsEntry("iss", KEYCLOAK.issuer(AppUnderTest.REALM));

        assertThat(page.currentUrl()).isEqualTo(IMPLICIT.url("/"));
        assertThat(page.storage("localStorage")).isEmpty();
        final String everythingStored = page.storage("sessionStorage") + " " + page.cookieValues()
                + " " + page.storage("localStorage");
        assertThat(everythingStored).doesNotContain(accessToken).doesNotContain(idToken).doesNotContainPattern(JWT);
    }

    @Test
    void apiCallCarriesTheAccessTokenAsBearerAndNothingElse() throws Exception {
        new SignInPage(browser.driver(), IMPLICIT).signIn(ADMIN, ADMIN_PASSWORD);
        final String accessToken = callbackFragment(requests, IMPLICIT).get("access_token");

        final List<RecordedRequests.Request> calls = requests.to(IMPLICIT.url("/api/v1/users/loggedInUser"));
        assertThat(calls).isNotEmpty();
        for (RecordedRequests.Request call : calls) {
            assertThat(call.header("Authorization")).isNotEmpty().allMatch(("Bearer " + accessToken)::equals);
            assertThat(call.header("Cookie")).isEmpty();
        }
        final JsonNode claims = payload(accessToken);
        assertThat(claims.path("typ").asText()).isEqualTo("Bearer");
        assertThat(claims.path("azp").asText()).isEqualTo(AppUnderTest.CLIENT_ID);
        assertThat(claims.path("preferred_username").asText()).isEqualTo(ADMIN);
        // Without that header the same endpoint refuses, so the page's answer can only come from the token.
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(IMPLICIT.url("/api/v1/users/loggedInUser"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void ordinaryUserSeesTheNonAdminViewAndIsRefusedByTheAdminEndpoint() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).signIn(USER, USER_PASSWORD);

        assertThat(page.text("user-name")).isEqualTo(USER);
        assertThat(page.text("user-email")).isEqualTo("data-user@data-sec.example");
        assertThat(page.text("user-admin")).isEqualTo("No");
        expectedConsole.add("/api/v1/admin/ping - Failed to load resource: the server responded with a status of 403");
        assertThat(page.adminCheck()).isEqualTo("403");
        assertThat(page.text("admin-result")).contains("not an administrator");
        assertThat(page.state()).isEqualTo("signed-in");
    }

    @Test
    void tokenRefusedByTheApiLeadsToTheSessionExpiredState() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).signIn(USER, USER_PASSWORD);
        requests.breakBearerTokensTo(IMPLICIT.url("/api/v1/admin/ping"));
        expectedConsole.add("/api/v1/admin/ping - Failed to load resource: the server responded with a status of 401");

        page.click("admin-check");

        page.awaitState("expired");
        assertThat(page.text("status")).isEqualTo("Your session has expired. Please sign in again.");
        assertThat(page.visible("sign-in")).isTrue();
        assertThat(page.visible("signed-in")).isFalse();
        assertThat(page.text("user-name")).isEmpty();
        assertThat(requests.to(IMPLICIT.url("/api/v1/admin/ping"))).isNotEmpty();
    }

    @Test
    void reloadRestoresTheSessionSilentlyFromKeycloakRatherThanFromStorage() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).signIn(USER, USER_PASSWORD);
        requests.clear();

        browser.driver().navigate().refresh();

        page.awaitState("signed-in");
        assertThat(page.text("user-name")).isEqualTo(USER);
        assertThat(requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/auth?"))
                .extracting(request -> queryOf(request.url()))
                .anySatisfy(query -> assertThat(query).containsEntry("prompt", "none")
                        .containsEntry("redirect_uri", IMPLICIT.url("/silent-callback")));
    }

    @Test
    void signOutEndsTheKeycloakSession() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).signIn(ADMIN, ADMIN_PASSWORD);
        final String idToken = callbackFragment(requests, IMPLICIT).get("id_token");

        page.click("sign-out");
        page.awaitState("signed-out");

        assertThat(page.currentUrl()).isEqualTo(IMPLICIT.url("/"));
        assertThat(requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/logout?"))
                .extracting(request -> queryOf(request.url()))
                .singleElement()
                .satisfies(query -> assertThat(query).containsEntry("id_token_hint", idToken)
                        .containsEntry("post_logout_redirect_uri", IMPLICIT.url("/"))
                        .containsEntry("client_id", AppUnderTest.CLIENT_ID));
        browser.driver().navigate().refresh();
        page.awaitState("signed-out");
        assertThat(page.text("user-name")).isEmpty();
        // Keycloak asks for the password again: its own session is gone, not just the page's.
        page.clickSignIn();
        assertThat(page.currentUrl()).startsWith(KEYCLOAK.issuer(AppUnderTest.REALM));
    }

    @Test
    void callbackWithAnotherLoginsTokensAndItsOwnStateSignsNobodyIn() throws Exception {
        final Map<String, String> stolen = tokensOfAnotherLogin();
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).open();
        requests.clear();

        browser.driver().get(IMPLICIT.url("/callback#") + fragmentOf(stolen));

        page.awaitState("error");
        assertNobodySignedIn(page);
        assertThat(page.text("error")).contains("does not belong to a sign-in started on this page");
    }

    @Test
    void callbackWithAnotherLoginsTokensSignsNobodyInEvenWhenItCarriesThisAttemptsState() throws Exception {
        final Map<String, String> stolen = tokensOfAnotherLogin();
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT);

        deliverToCallback("#", withStateOf(startedAttempt(page), stolen));

        assertRefused(page).contains("does not belong to this sign-in attempt");
    }

    @Test
    void callbackWithoutIssIsRefusedBeforeItsStateOrTokensAreLookedAt() throws Exception {
        final Map<String, String> stolen = tokensOfAnotherLogin();
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT);
        final Map<String, String> withoutIss = withStateOf(startedAttempt(page), stolen);
        withoutIss.remove("iss");

        deliverToCallback("#", withoutIss);

        assertRefused(page).isEqualTo(
                "The sign-in response does not say which identity provider sent it, so nobody was signed in. Please sign in again.");
        assertThat(requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/certs")).isEmpty();
    }

    @Test
    void keycloaksErrorAnswerNamesItsIssuerAndIsShownInPlainWords() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).open();
        page.clickSignIn();
        final Map<String, String> query = queryOf(page.currentUrl());
        // The same attempt, asked again with prompt=none: nobody is signed in at Keycloak, so it answers with an error.
        browser.driver().get(page.currentUrl().replace("?", "?prompt=none&"));

        page.awaitState("error");
        final Map<String, String> answer = callbackFragment(requests, IMPLICIT);
        assertThat(answer).containsEntry("error", "login_required").containsEntry("state", query.get("state"))
                .containsEntry("iss", KEYCLOAK.issuer(AppUnderTest.REALM));
        assertThat(page.text("error")).startsWith("You are not signed in at the identity provider.");
        assertThat(page.currentUrl()).doesNotContain("#");
    }

    @Test
    void responseInTheQueryIsRefusedAndLeavesTheAddressBar() throws Exception {
        final Map<String, String> stolen = tokensOfAnotherLogin();
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT);

        deliverToCallback("?", withStateOf(startedAttempt(page), stolen));

        assertRefused(page).isEqualTo(
                "The sign-in response arrived in the address's query instead of its fragment, so nobody was signed in. Please sign in again.");
        assertThat(page.currentUrl()).doesNotContain("?");
    }

    /**
     * The attack the signature check stops: with the victim's state and nonce (a pending attempt the
     * attacker learned) and another login's tokens, whose at_hash already matches their access token,
     * the ID token is forged to carry this attempt's nonce.
     */
    @Test
    void forgedIdTokenMatchingThisAttemptIsRefusedByItsSignature() throws Exception {
        final Map<String, String> stolen = tokensOfAnotherLogin();
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT);
        final Map<String, String> attempt = startedAttempt(page);
        final Map<String, String> forged = withStateOf(attempt, stolen);
        forged.put("id_token", withNonce(stolen.get("id_token"), attempt.get("nonce")));

        deliverToCallback("#", forged);

        assertRefused(page).isEqualTo("The ID token's signature is not valid.");
        assertThat(requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/certs")).isNotEmpty();
    }

    /**
     * Another person signs in at Keycloak in the same browser (here through the other app). The tab
     * that was signed in as the first person gets the second person's tokens from its silent renewal,
     * and signs out instead of showing or using them.
     */
    @Test
    void silentRenewalThatAnswersForAnotherPersonSignsThePageOut() {
        final SignInPage page = new SignInPage(browser.driver(), IMPLICIT).signIn(USER, USER_PASSWORD);
        // WebDriver deletes the cookies sent to the current address: under the realm's path, Keycloak's
        // session cookies, which ends the user's session there.
        browser.driver().get(KEYCLOAK.issuer(AppUnderTest.REALM) + "/.well-known/openid-configuration");
        expectedConsole.add(KEYCLOAK.baseUrl() + "/favicon.ico - Failed to load resource: the server responded with a status of 404");
        browser.driver().manage().deleteAllCookies();
        new SignInPage(browser.driver(), CODE).signIn(ADMIN, ADMIN_PASSWORD);
        requests.clear();

        browser.driver().get(IMPLICIT.url("/"));

        page.awaitState("signed-out");
        assertThat(page.text("status")).isEqualTo(
                "Someone else is now signed in at the identity provider, so this page signed you out. Please sign in again.");
        assertThat(page.text("user-name")).isEmpty();
        assertThat(page.storage("sessionStorage")).doesNotContainKey("dwauth.signedIn");
        assertThat(requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/auth?"))
                .extracting(request -> queryOf(request.url()))
                .anySatisfy(query -> assertThat(query).containsEntry("prompt", "none"));
        assertThat(requests.to(IMPLICIT.url("/api/v1/users/"))).isEmpty();
    }

    @Test
    void codeFlowWithPkceSignsIn() {
        final SignInPage page = new SignInPage(browser.driver(), CODE).open();
        page.clickSignIn();
        final Map<String, String> query = queryOf(page.currentUrl());
        assertThat(query).containsEntry("response_type", "code").containsEntry("code_challenge_method", "S256");
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");

        page.submitKeycloakLogin(ADMIN, ADMIN_PASSWORD);
        page.awaitState("signed-in");

        assertThat(page.text("user-name")).isEqualTo(ADMIN);
        assertThat(page.text("user-admin")).isEqualTo("Yes");
        final Map<String, String> callback = callbackFragment(requests, CODE);
        assertThat(callback).containsKey("code").doesNotContainKeys("access_token", "id_token");
        // The code is redeemed exactly once; a CORS preflight (the DPoP header triggers one) redeems nothing.
        assertThat(requests.to(KEYCLOAK.issuer(AppUnderTest.REALM) + "/protocol/openid-connect/token"))
                .extracting(RecordedRequests.Request::method).filteredOn(method -> !"OPTIONS".equals(method))
                .containsExactly("POST");
        assertThat(page.storage("localStorage")).isEmpty();
        assertThat(page.storage("sessionStorage").toString()).doesNotContainPattern(JWT);
    }

    @Test
    void loginPageIsServedWithAStrictContentSecurityPolicy() throws Exception {
        final String keycloakOrigin = KEYCLOAK.baseUrl();
        for (String path : List.of("/", "/callback")) {
            final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(IMPLICIT.url(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'")
                    .contains("script-src 'self';")
                    .contains("connect-src 'self' " + keycloakOrigin + ";")
                    .contains("frame-src 'self' " + keycloakOrigin + ";")
                    .contains("frame-ancestors 'none'")
                    .contains("base-uri 'none'")
                    .contains("object-src 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval"));
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    /** Opens the page and starts a sign-in; the worst case: the attacker learned its state and nonce. */
    private static Map<String, String> startedAttempt(SignInPage page) {
        page.open().clickSignIn();
        return queryOf(page.currentUrl());
    }

    /** Another login's answer, made to carry the state of this page's pending attempt. */
    private static Map<String, String> withStateOf(Map<String, String> attempt, Map<String, String> answer) {
        final Map<String, String> forged = new LinkedHashMap<>(answer);
        forged.put("state", attempt.get("state"));
        return forged;
    }

    /** @param separator {@code #} for an answer in the fragment, {@code ?} for one in the query */
    private void deliverToCallback(String separator, Map<String, String> answer) {
        requests.clear();
        browser.driver().get(IMPLICIT.url("/callback" + separator) + fragmentOf(answer));
    }

    private AbstractStringAssert<?> assertRefused(SignInPage page) {
        page.awaitState("error");
        assertNobodySignedIn(page);
        return assertThat(page.text("error"));
    }

    private void assertNobodySignedIn(SignInPage page) {
        assertThat(page.visible("error")).isTrue();
        assertThat(page.visible("signed-in")).isFalse();
        assertThat(page.visible("sign-in")).isTrue();
        assertThat(page.text("user-name")).isEmpty();
        assertThat(page.currentUrl()).doesNotContain("#").doesNotContain("access_token");
        assertThat(requests.to(IMPLICIT.url("/api/v1/users/loggedInUser"))).isEmpty();
    }

    /**
     * Someone else signs in through the page in their own browser; their callback URL, which they can
     * read in their own browser, holds valid tokens issued to this very client.
     */
    private Map<String, String> tokensOfAnotherLogin() throws Exception {
        final HeadlessChromium other = browser();
        final RecordedRequests otherRequests = recorder(other);
        new SignInPage(other.driver(), IMPLICIT).signIn(USER, USER_PASSWORD);
        final Map<String, String> fragment = callbackFragment(otherRequests, IMPLICIT);
        final HttpResponse<String> stillValid = HTTP.send(HttpRequest.newBuilder(URI.create(IMPLICIT.url("/api/v1/users/loggedInUser")))
                .header("Authorization", "Bearer " + fragment.get("access_token")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stillValid.statusCode()).as("the stolen access token is valid").isEqualTo(200);
        return fragment;
    }

    private static Map<String, String> callbackFragment(RecordedRequests requests, AppUnderTest app) {
        final List<String> callbacks = requests.to(app.url("/callback#")).stream().map(RecordedRequests.Request::url).toList();
        assertThat(callbacks).as("navigations to the callback page").hasSize(1);
        return parameters(URI.create(callbacks.get(0)).getRawFragment());
    }

    private static Map<String, String> queryOf(String url) {
        return parameters(URI.create(url).getRawQuery());
    }

    private static Map<String, String> parameters(String encoded) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            final int equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String fragmentOf(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The same token with another nonce in its payload; header and signature are left as they were. */
    private static String withNonce(String jwt, String nonce) throws IOException {
        final String[] parts = jwt.split("\\.");
        final ObjectNode claims = (ObjectNode) payload(jwt);
        claims.put("nonce", nonce);
        final String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Jackson.newObjectMapper().writeValueAsBytes(claims));
        return parts[0] + "." + forgedPayload + "." + parts[2];
    }

    private static JsonNode payload(String jwt) throws IOException {
        return Jackson.newObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private HeadlessChromium browser() {
        final HeadlessChromium started = Browsers.headlessChromium();
        opened.add(started);
        return started;
    }

    private RecordedRequests recorder(HeadlessChromium of) {
        final RecordedRequests recorder = new RecordedRequests(of.driver());
        opened.add(recorder);
        return recorder;
    }
}
