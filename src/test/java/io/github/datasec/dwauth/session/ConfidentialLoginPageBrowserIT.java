package io.github.datasec.dwauth.session;

import io.github.datasec.dwauth.testing.browser.Browsers;
import io.github.datasec.dwauth.testing.browser.HeadlessChromium;
import io.github.datasec.dwauth.testing.keycloak.KeycloakExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login page in confidential mode, in Debian's headless Chromium against the real Keycloak: the
 * page signs in through the server, calls the API with the cookie, and never holds a token.
 */
@Timeout(180)
class ConfidentialLoginPageBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = KeycloakExtension.demoRealm();

    private ConfidentialReplica app;
    private HeadlessChromium browser;

    @BeforeEach
    void start() throws Exception {
        app = ConfidentialReplica.onFreePort("browser", KEYCLOAK, null).registerWithKeycloak().start();
        browser = Browsers.headlessChromium();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        app.stop();
    }

    @Test
    void signsInThroughTheServerAndTheScriptNeverSeesAToken() {
        final WebDriver driver = browser.driver();
        driver.get(app.url("/"));
        awaitState(driver, "signed-out");

        click(driver, "sign-in");
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(driver.getCurrentUrl()).startsWith(KEYCLOAK.issuer("data-sec") + "/protocol/openid-connect/auth?")
                .contains("client_id=open-metadata-server").contains("code_challenge_method=S256");
        driver.findElement(By.id("username")).sendKeys("admin-user");
        driver.findElement(By.id("password")).sendKeys("admin-password");
        driver.findElement(By.id("kc-login")).click();
        awaitState(driver, "signed-in");

        assertThat(driver.getCurrentUrl()).isEqualTo(app.url("/"));
        assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("admin-user");
        final JavascriptExecutor js = (JavascriptExecutor) driver;
        final String visibleToScript = js.executeScript("return document.cookie + '|' + JSON.stringify(localStorage)"
                + " + '|' + JSON.stringify(sessionStorage) + '|' + document.documentElement.outerHTML"
                + " + '|' + performance.getEntries().map(e => e.name).join(' ')").toString();
        assertThat(visibleToScript).doesNotContain("dwauth_session").doesNotContain("eyJ")
                .doesNotContain("access_token").doesNotContain("code=");
        assertThat(driver.manage().getCookieNamed("dwauth_session").isHttpOnly()).isTrue();

        click(driver, "admin-check");
        await(driver).until(d -> "200".equals(d.findElement(By.id("admin-result")).getAttribute("data-status")));

        click(driver, "sign-out");
        await(driver).until(d -> d.getCurrentUrl().startsWith(app.url("/")));
        awaitState(driver, "signed-out");
        assertThat(driver.manage().getCookieNamed("dwauth_session")).isNull();
        driver.get(app.url("/"));
        awaitState(driver, "signed-out");
    }

    private static void click(WebDriver driver, String id) {
        await(driver).until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private static void awaitState(WebDriver driver, String state) {
        await(driver).until(d -> d.getCurrentUrl().startsWith("http://localhost")
                && state.equals(d.findElement(By.id("app")).getAttribute("data-state")));
    }

    private static WebDriverWait await(WebDriver driver) {
        final WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
