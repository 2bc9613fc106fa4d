package io.github.datasec.dwauth.session;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that walks the code flow the way a browser does, through Keycloak's own
 * login form, without following redirects by itself so that each step can be checked. Cookies are kept
 * per host, not per port, as browsers do: two replicas on localhost see the same session cookie.
 */
final class SessionBrowser {
    private static final Pattern LOGIN_FORM_ACTION = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();

    /** Signs in through {@code /api/v1/auth/login} and Keycloak's form; returns the callback's answer. */
    HttpResponse<String> signIn(ConfidentialReplica replica, String username, String password) throws Exception {
        final HttpResponse<String> login = get(replica.url("/api/v1/auth/login"));
        if (login.statusCode() != 303) {
            throw new IllegalStateException("login answered " + login.statusCode() + ": " + login.body());
        }
        return callbackAfterProvider(location(login), username, password);
    }

    /** Follows the provider's side from an authorization URL to the application's callback, and calls it. */
    HttpResponse<String> callbackAfterProvider(URI authorization, String username, String password) throws Exception {
        final HttpResponse<String> provider = get(authorization);
        final URI callback;
        if (provider.statusCode() == 302 || provider.statusCode() == 303) {
            callback = location(provider);
        } else {
            final Matcher action = LOGIN_FORM_ACTION.matcher(provider.body());
            if (!action.find()) {
                throw new IllegalStateException("no Keycloak login form in: " + provider.body());
            }
            final HttpResponse<String> submitted = postForm(URI.create(action.group(1).replace("&amp;", "&")),
                    Map.of("username", username, "password", password, "credentialId", ""));
            if (submitted.statusCode() != 302) {
                throw new IllegalStateException("Keycloak login answered " + submitted.statusCode());
            }
            callback = location(submitted);
        }
        return get(callback);
    }

    /** The authorization URL the login endpoint sends to, without going there. */
    URI startSignIn(ConfidentialReplica replica) throws Exception {
        return location(get(replica.url("/api/v1/auth/login")));
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return get(URI.create(url));
    }

    HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(URI url, Map<String, String> fields) throws IOException, InterruptedException {
        final String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    void setCookie(URI uri, String name, String value) {
        final HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(uri, cookie);
    }

    void forgetCookie(String name) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                .forEach(c -> cookies.getCookieStore().remove(null, c));
    }

    static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location in a " + response.statusCode())));
    }
}
