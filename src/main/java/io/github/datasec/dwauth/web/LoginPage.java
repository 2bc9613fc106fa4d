package io.github.datasec.dwauth.web;

import io.github.datasec.dwauth.config.LoginPageConfiguration;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.process.Inflector;
import org.glassfish.jersey.server.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The single-page login page as Jersey resources: the page, the callback page and the silent-callback
 * page at their configured paths, and the scripts and styles under {@value #ASSETS_PATH}.
 *
 * <p>Each asset is its own resource at a fixed path, so there is no path parameter that could be
 * bent into reading another file. The HTML refers to the assets by relative URLs computed from each
 * page's path, so the page keeps working under any application context path.
 */
final class LoginPage {
    static final String ASSETS_PATH = "/login-assets/";
    static final List<String> ASSET_NAMES = List.of(
            "app.js", "oidc.js", "response.js", "tokens.js", "keyset.js", "provider-json.js", "errors.js", "session.js",
            "encoding.js", "renewal.js", "dpop.js", "silent-callback.js", "login.css", "favicon.svg");

    private static final String SHELL = "index.html";
    private static final String SILENT_SHELL = "silent-callback.html";

    private final LoginPageConfiguration paths;
    private final SecurityHeaders headers;
    private final List<StaticFile> assets;

    LoginPage(LoginPageConfiguration paths, SecurityHeaders headers) {
        requireDistinctValidPaths(paths);
        this.paths = paths;
        this.headers = headers;
        this.assets = ASSET_NAMES.stream().map(StaticFile::load).toList();
    }

    List<Resource> resources() {
        final String shell = StaticFile.readText(SHELL);
        final List<Resource> resources = new ArrayList<>();
        resources.add(page(paths.getPath(), fill(shell, paths.getPath(), "main"), headers::page));
        resources.add(page(paths.getCallbackPath(), fill(shell, paths.getCallbackPath(), "callback"), headers::page));
        resources.add(page(paths.getSilentCallbackPath(),
                fill(StaticFile.readText(SILENT_SHELL), paths.getSilentCallbackPath(), "silent-callback"),
                headers::silentCallbackPage));
        for (StaticFile asset : assets) {
            resources.add(asset(asset));
        }
        return resources;
    }

    /**
     * The relative URL of the asset folder as seen from a page at {@code pagePath}: one {@code ../} per
     * folder the page sits in below the application's root.
     */
    static String assetPrefixFor(String pagePath) {
        final int folders = (int) pagePath.chars().filter(c -> c == '/').count() - 1;
        return "../".repeat(folders) + ASSETS_PATH.substring(1);
    }

    private static StaticFile fill(String template, String pagePath, String pageName) {
        final String html = template
                .replace("{{assets}}", assetPrefixFor(pagePath))
                .replace("{{page}}", pageName);
        if (html.contains("{{")) {
            throw new IllegalStateException("unfilled placeholder in login page template for " + pageName);
        }
        return StaticFile.of(pageName + ".html", html.getBytes(StandardCharsets.UTF_8));
    }

    private static Resource page(String path, StaticFile html, UnaryOperator<Response.ResponseBuilder> withHeaders) {
        final Resource.Builder builder = Resource.builder(path);
        builder.addMethod(HttpMethod.GET).handledBy(new Responder(html, withHeaders, false));
        return builder.build();
    }

    private Resource asset(StaticFile file) {
        final Resource.Builder builder = Resource.builder(ASSETS_PATH + file.name());
        builder.addMethod(HttpMethod.GET).handledBy(new Responder(file, headers::asset, true));
        return builder.build();
    }

    private static void requireDistinctValidPaths(LoginPageConfiguration paths) {
        final Set<String> seen = new HashSet<>();
        for (String path : List.of(paths.getPath(), paths.getCallbackPath(), paths.getSilentCallbackPath())) {
            if (!path.startsWith("/") || path.contains("//") || List.of(path.split("/")).stream()
                    .anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
                throw new IllegalArgumentException("loginPage paths must be plain absolute paths without '.', '..' or '//': " + path);
            }
            if (path.startsWith(ASSETS_PATH) || path.startsWith(AuthConfigResource.PATH)) {
                throw new IllegalArgumentException("loginPage path " + path + " collides with the bundle's own endpoints");
            }
            if (!seen.add(path)) {
                throw new IllegalArgumentException("loginPage.path, callbackPath and silentCallbackPath must differ: " + path);
            }
        }
    }

    /**
     * Answers with one file. A named class rather than a lambda: Jersey reads the Inflector's type
     * argument to know that it must pass the request context, and a lambda's type argument is erased.
     */
    private static final class Responder implements Inflector<ContainerRequestContext, Response> {
        private final StaticFile file;
        private final UnaryOperator<Response.ResponseBuilder> withHeaders;
        private final boolean conditional;

        Responder(StaticFile file, UnaryOperator<Response.ResponseBuilder> withHeaders, boolean conditional) {
            this.file = file;
            this.withHeaders = withHeaders;
            this.conditional = conditional;
        }

        @Override
        public Response apply(ContainerRequestContext request) {
            if (!conditional) {
                return withHeaders.apply(Response.ok(file.content(), file.mediaType())).build();
            }
            final Response.ResponseBuilder unchanged = request.getRequest().evaluatePreconditions(file.etag());
            return withHeaders.apply(unchanged != null
                    ? unchanged
                    : Response.ok(file.content(), file.mediaType()).tag(file.etag())).build();
        }
    }
}
