package io.github.datasec.dwauth.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.datasec.dwauth.testing.keycloak.ClientOptions;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import io.github.datasec.dwauth.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confidential mode end to end: the example application from config.yaml, the demo realm's
 * confidential client in a real Keycloak, Keycloak's own login form, and, for the replica drills,
 * two application instances on different ports sharing a real redis-server.
 */
@Timeout(180)
class ConfidentialModeKeycloakIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECT_CLIENT = "confidential-it-direct";
    private static final String ME = "/api/v1/users/loggedInUser";

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    @RegisterExtension
    @Order(2)
    static final RedisExtension REDIS = new RedisExtension();

    private final List<ConfidentialReplica> replicas = new ArrayList<>();

    @BeforeAll
    static void createDirectGrantClient() {
        KEYCLOAK.admin().createPublicClient(ConfidentialReplica.REALM, DIRECT_CLIENT,
                ClientOptions.defaults().withDirectAccessGrants(true).withAudiences("open-metadata"));
    }

    @AfterEach
    void stopReplicas() {
        replicas.forEach(ConfidentialReplica::stop);
    }

    private ConfidentialReplica replica(String name, boolean redis) throws Exception {
        final ConfidentialReplica replica = ConfidentialReplica.onFreePort(name, KEYCLOAK, redis ? REDIS.server().uri() : null)
                .registerWithKeycloak().start();
        replicas.add(replica);
        return replica;
    }

    @Test
    void signsInThroughKeycloakAndCallsTheApiWithOnlyAnOpaqueHttpOnlyCookie() throws Exception {
        final ConfidentialReplica app = replica("single", false);
        final SessionBrowser browser = new SessionBrowser();

        final HttpResponse<String> callback = browser.signIn(app, "admin-user", "admin-password");

        assertThat(callback.statusCode()).isEqualTo(303);
        assertThat(SessionBrowser.location(callback)).isEqualTo(URI.create(app.url("/")));
        final String setCookie = callback.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("dwauth_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");
        final String reference = browser.cookie("dwauth_session").orElseThrow();
        assertThat(reference).matches("[A-Za-z0-9_-]{43}");
        assertThat(callback.body()).doesNotContain("eyJ");
        assertThat(SessionBrowser.location(callback).toString()).doesNotContain("token").doesNotContain("code=");

        final HttpResponse<String> me = browser.get(app.url(ME));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("name").asText()).isEqualTo("admin-user");
        assertThat(JSON.readTree(me.body()).get("isAdmin").asBoolean()).isTrue();
        assertThat(browser.get(app.url("/api/v1/admin/ping")).statusCode()).isEqualTo(200);
    }

    @Test
    void appliesRolesAllowedToSessionUsersAsToBearerUsers() throws Exception {
        final ConfidentialReplica app = replica("roles", false);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(app, "data-user", "data-password");

        assertThat(browser.get(app.url(ME)).statusCode()).isEqualTo(200);
        assertThat(browser.get(app.url("/api/v1/admin/ping")).statusCode()).isEqualTo(403);
    }

    @Test
    void refusesACrossSitePostWithTheCookieAndAcceptsASameOriginOne() throws Exception {
        final ConfidentialReplica app = replica("csrf", false);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(app, "admin-user", "admin-password");

        final HttpResponse<String> crossSite = browser.send(HttpRequest.newBuilder(URI.create(app.url("/api/v1/admin/ping")))
                .header("Origin", "http://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")));
        final HttpResponse<String> fetchCrossSite = browser.send(HttpRequest.newBuilder(URI.create(app.url("/api/v1/admin/ping")))
                .header("Sec-Fetch-Site", "cross-site").header("Origin", app.origin())
                .POST(HttpRequest.BodyPublishers.noBody()));
        final HttpResponse<String> noProof = browser.send(HttpRequest.newBuilder(URI.create(app.url("/api/v1/admin/ping")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        final HttpResponse<String> sameOrigin = browser.send(HttpRequest.newBuilder(URI.create(app.url("/api/v1/admin/ping")))
                .header("Origin", app.origin()).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(fetchCrossSite.statusCode()).isEqualTo(403);
        assertThat(noProof.statusCode()).isEqualTo(403);
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
    }

    @Test
    void givesEachSignInANewReferenceAndForgetsTheOldOne() throws Exception {
        final ConfidentialReplica app = replica("fixation", false);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(app, "admin-user", "admin-password");
        final String first = browser.cookie("dwauth_session").orElseThrow();

        browser.signIn(app, "admin-user", "admin-password");
        final String second = browser.cookie("dwauth_session").orElseThrow();

        assertThat(second).isNotEqualTo(first);
        final SessionBrowser other = new SessionBrowser();
        other.setCookie("dwauth_session", first);
        assertThat(other.get(app.url(ME)).statusCode()).isEqualTo(401);
        assertThat(browser.get(app.url(ME)).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAReplayedCallbackAndACallbackFromAnotherBrowser() throws Exception {
        final ConfidentialReplica app = replica("callbacks", false);
        final SessionBrowser victim = new SessionBrowser();
        final URI authorization = victim.startSignIn(app);
        final SessionBrowser attacker = new SessionBrowser();
        // The attacker gets the victim's authorization URL (state) but not the victim's sign-in cookie.
        final HttpResponse<String> stolen = attacker.callbackAfterProvider(authorization, "data-user", "data-password");
        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(stolen.body()).contains("started in another browser").doesNotContain("eyJ");
        assertThat(attacker.cookie("dwauth_session")).isEmpty();

        final HttpResponse<String> callback = victim.signIn(app, "admin-user", "admin-password");
        assertThat(callback.statusCode()).isEqualTo(303);
        final HttpResponse<String> replay = victim.get(callback.request().uri());
        assertThat(replay.statusCode()).isEqualTo(400);
    }

    @Test
    void refreshRenewsOnTheServerAndAnswersOnlyTheExpiry() throws Exception {
        final ConfidentialReplica app = replica("refresh", false);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(app, "admin-user", "admin-password");

        final HttpResponse<String> refresh = browser.get(app.url("/api/v1/auth/refresh"));

        assertThat(refresh.statusCode()).isEqualTo(200);
        final JsonNode body = JSON.readTree(refresh.body());
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("accessTokenExpiresAt", "expiresAt");
        assertThat(refresh.body()).doesNotContain("eyJ");
        assertThat(new SessionBrowser().get(app.url("/api/v1/auth/refresh")).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSessionAndGoesThroughKeycloaksEndSessionEndpoint() throws Exception {
        final ConfidentialReplica app = replica("logout", false);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(app, "admin-user", "admin-password");
        final String reference = browser.cookie("dwauth_session").orElseThrow();

        final HttpResponse<String> logout = browser.get(app.url("/api/v1/auth/logout"));

        assertThat(logout.statusCode()).isEqualTo(303);
        final URI endSession = SessionBrowser.location(logout);
        assertThat(endSession.toString()).startsWith(KEYCLOAK.issuer("data-sec") + "/protocol/openid-connect/logout?")
                .contains("id_token_hint=").contains("post_logout_redirect_uri=" + java.net.URLEncoder.encode(app.url("/"), java.nio.charset.StandardCharsets.UTF_8));
        final HttpResponse<String> keycloakLogout = browser.get(endSession);
        assertThat(keycloakLogout.statusCode()).as("Keycloak accepts the hint and the registered return URI").isIn(200, 302);
        final SessionBrowser replay = new SessionBrowser();
        replay.setCookie("dwauth_session", reference);
        assertThat(replay.get(app.url(ME)).statusCode()).isEqualTo(401);
    }

    @Test
    void sessionsAreSharedByReplicasThroughRedisAndLogoutOnOneEndsThemOnTheOther() throws Exception {
        final ConfidentialReplica a = replica("replica-a", true);
        final ConfidentialReplica b = replica("replica-b", true);
        final SessionBrowser browser = new SessionBrowser();

        assertThat(browser.signIn(a, "admin-user", "admin-password").statusCode()).isEqualTo(303);
        assertThat(browser.get(b.url(ME)).statusCode()).as("call B with A's cookie").isEqualTo(200);
        assertThat(browser.get(b.url("/api/v1/auth/refresh")).statusCode()).as("refresh on B").isEqualTo(200);
        assertThat(browser.get(a.url(ME)).statusCode()).as("A after B refreshed").isEqualTo(200);
        final String reference = browser.cookie("dwauth_session").orElseThrow();

        assertThat(browser.get(a.url("/api/v1/auth/logout")).statusCode()).isEqualTo(303);

        final SessionBrowser stale = new SessionBrowser();
        stale.setCookie("dwauth_session", reference);
        assertThat(stale.get(b.url(ME)).statusCode()).as("B refuses at once").isEqualTo(401);
    }

    @Test
    void aRestartedReplicaKeepsHonouringLiveSessions() throws Exception {
        final ConfidentialReplica a = replica("restart-a", true);
        final ConfidentialReplica b = replica("restart-b", true);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(a, "admin-user", "admin-password");

        b.stop();
        b.start();

        assertThat(browser.get(b.url(ME)).statusCode()).isEqualTo(200);
    }

    @Test
    void backChannelLogoutReceivedByEitherReplicaEndsTheSessionOnBoth() throws Exception {
        final ConfidentialReplica a = replica("bcl-a", true);
        final ConfidentialReplica b = replica("bcl-b", true);
        KEYCLOAK.admin().setBackchannelLogoutUrl(ConfidentialReplica.REALM, ConfidentialReplica.CLIENT,
                b.url("/api/v1/auth/backchannel-logout"));
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(a, "data-user", "data-password");
        assertThat(browser.get(a.url(ME)).statusCode()).isEqualTo(200);

        KEYCLOAK.admin().logoutUser(ConfidentialReplica.REALM, "data-user");

        assertThat(eventually(() -> browser.get(a.url(ME)).statusCode() == 401)).as("A refuses").isTrue();
        assertThat(browser.get(b.url(ME)).statusCode()).as("B refuses").isEqualTo(401);
    }

    @Test
    void redisOutageFailsCookieRequestsClosedWith503WhileBearerTokensWorkAndHealthShowsIt() throws Exception {
        final ConfidentialReplica a = replica("outage", true);
        final SessionBrowser browser = new SessionBrowser();
        browser.signIn(a, "admin-user", "admin-password");
        final String bearer = KEYCLOAK.passwordGrant(ConfidentialReplica.REALM, DIRECT_CLIENT, "admin-user", "admin-password").accessToken();
        assertThat(health(a).get("sessions").get("healthy").asBoolean()).isTrue();

        REDIS.server().pause();
        try {
            final HttpResponse<String> cookieCall = browser.get(a.url(ME));
            assertThat(cookieCall.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(cookieCall.body()).get("code").asInt()).isEqualTo(503);
            final HttpResponse<String> bearerCall = browser.send(HttpRequest.newBuilder(URI.create(a.url(ME)))
                    .header("Authorization", "Bearer " + bearer).GET());
            assertThat(bearerCall.statusCode()).isEqualTo(200);
            assertThat(health(a).get("sessions").get("healthy").asBoolean()).isFalse();
        } finally {
            REDIS.server().resume();
        }

        assertThat(eventually(() -> health(a).get("sessions").get("healthy").asBoolean())).isTrue();
        assertThat(browser.get(a.url(ME)).statusCode()).as("the session survived the outage").isEqualTo(200);
    }

    @Test
    void neverShowsTheSecretInThePublicConfigOrTheLog() throws Exception {
        final ConfidentialReplica app = replica("secret", false);
        final SessionBrowser browser = new SessionBrowser();

        final HttpResponse<String> config = browser.get(app.url("/api/v1/system/config/auth"));

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).get("clientType").asText()).isEqualTo("confidential");
        assertThat(config.body()).doesNotContain("demo-only-confidential-secret").doesNotContain("secret");
        browser.signIn(app, "admin-user", "admin-password");
        assertThat(browser.cookie("dwauth_session").orElseThrow()).doesNotContain("demo-only");
    }

    private JsonNode health(ConfidentialReplica replica) throws Exception {
        return JSON.readTree(new SessionBrowser().get("http://localhost:" + replica.adminPort() + "/healthcheck").body());
    }

    private static boolean eventually(Callable<Boolean> condition) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
