package io.github.datasec.dwauth.session;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that walks the code flow the way a browser does, through Keycloak's own
 * login form, without following redirects by itself so that each step can be checked. Everything here
 * runs on localhost, so one jar by cookie name stands in for a browser's: cookies are per host, not per
 * port, and two replicas on localhost see the same session cookie. (The JDK's CookieManager would not
 * send Keycloak's {@code Secure} cookies over http://localhost, which browsers treat as secure.)
 */
final class SessionBrowser {
    private static final Pattern LOGIN_FORM_ACTION = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
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
        return send(HttpRequest.newBuilder(url).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        final HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        response.headers().allValues("Set-Cookie").forEach(this::keep);
        return response;
    }

    private void keep(String setCookie) {
        final String pair = setCookie.split(";", 2)[0];
        final int equals = pair.indexOf('=');
        if (equals <= 0) {
            return;
        }
        final String name = pair.substring(0, equals).trim();
        final String value = pair.substring(equals + 1).trim();
        final String attributes = setCookie.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        if (value.isEmpty() || attributes.contains(";max-age=0") || attributes.contains("expires=thu,01-jan-1970")
                || attributes.contains("expires=thu,01jan1970")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    HttpResponse<String> postForm(URI url, Map<String, String> fields) throws IOException, InterruptedException {
        final String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location in a " + response.statusCode())));
    }
}
