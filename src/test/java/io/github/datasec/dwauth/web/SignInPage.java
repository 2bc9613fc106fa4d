package io.github.datasec.dwauth.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The login page as a person uses it, by the stable element ids the page promises. */
final class SignInPage {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> TRANSIENT_STATES = Set.of("loading", "busy");

    private final WebDriver driver;
    private final AppUnderTest app;

    SignInPage(WebDriver driver, AppUnderTest app) {
        this.driver = driver;
        this.app = app;
    }

    SignInPage open() {
        driver.get(app.url("/"));
        return awaitSettled();
    }

    /** Opens the page, signs in through Keycloak's own login form and waits until the page shows the user. */
    SignInPage signIn(String username, String password) {
        open().clickSignIn();
        submitKeycloakLogin(username, password);
        return awaitState("signed-in");
    }

    void clickSignIn() {
        click("sign-in");
        awaitKeycloakLoginForm();
    }

    void awaitKeycloakLoginForm() {
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    void submitKeycloakLogin(String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    void click(String id) {
        await().until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Waits until the page is on the app's origin and has finished whatever it was doing. */
    SignInPage awaitSettled() {
        await().until(d -> onApp() && !TRANSIENT_STATES.contains(state()));
        return this;
    }

    /** Waits for a state; fails at once, with the page's error text, if the page settles on another. */
    SignInPage awaitState(String expected) {
        awaitSettled();
        if (!expected.equals(state())) {
            throw new AssertionError("expected the page in state '" + expected + "' but it is '" + state()
                    + "' showing status '" + text("status") + "' and error '" + text("error") + "'");
        }
        return this;
    }

    private WebDriverWait await() {
        final WebDriverWait wait = new WebDriverWait(driver, WAIT);
        // Between documents (a redirect, a reload) an element may vanish under the wait's feet.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    String state() {
        return driver.findElement(By.id("app")).getDomAttribute("data-state");
    }

    /** The element's text content, whether or not it is visible. */
    String text(String id) {
        return driver.findElement(By.id(id)).getDomProperty("textContent");
    }

    boolean visible(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    String adminCheck() {
        click("admin-check");
        await().until(d -> d.findElement(By.id("admin-result")).getDomAttribute("data-status") != null);
        return driver.findElement(By.id("admin-result")).getDomAttribute("data-status");
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    @SuppressWarnings("unchecked")
    Map<String, String> storage(String name) {
        return (Map<String, String>) ((JavascriptExecutor) driver).executeScript(
                "const s = window[arguments[0]]; const out = {};"
                        + " for (let i = 0; i < s.length; i++) { out[s.key(i)] = s.getItem(s.key(i)); } return out;", name);
    }

    List<String> cookieValues() {
        return driver.manage().getCookies().stream().map(cookie -> cookie.getName() + "=" + cookie.getValue()).toList();
    }

    private boolean onApp() {
        return driver.getCurrentUrl().startsWith(app.origin() + "/");
    }
}
