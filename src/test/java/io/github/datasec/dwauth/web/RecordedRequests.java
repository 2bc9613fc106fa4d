package io.github.datasec.dwauth.web;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.bidi.module.Network;
import org.openqa.selenium.bidi.network.AddInterceptParameters;
import org.openqa.selenium.bidi.network.BytesValue;
import org.openqa.selenium.bidi.network.ContinueRequestParameters;
import org.openqa.selenium.bidi.network.Header;
import org.openqa.selenium.bidi.network.InterceptPhase;
import org.openqa.selenium.support.ui.FluentWait;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every request a browser sends, as WebDriver BiDi reports it (URL with fragment, method, headers),
 * so tests can see what really went over the wire rather than what the page claims; and, on request,
 * tampering with the bearer token of chosen requests on their way out.
 */
final class RecordedRequests implements AutoCloseable {
    record Request(String method, String url, Map<String, List<String>> headers) {
        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final WebDriver driver;
    private final Network network;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> tampering = ConcurrentHashMap.newKeySet();
    private final AtomicInteger markers = new AtomicInteger();

    RecordedRequests(WebDriver driver) {
        this.driver = driver;
        this.network = new Network(driver);
        network.onBeforeRequestSent(event -> {
            requests.add(new Request(
                    event.getRequest().getMethod(),
                    event.getRequest().getUrl(),
                    event.getRequest().getHeaders().stream().collect(Collectors.groupingBy(
                            header -> header.getName().toLowerCase(Locale.ROOT),
                            Collectors.mapping(valueOf(), Collectors.toList())))));
            if (event.isBlocked() && event.getIntercepts().stream().anyMatch(tampering::contains)) {
                network.continueRequest(new ContinueRequestParameters(event.getRequest().getRequestId())
                        .headers(event.getRequest().getHeaders().stream().map(RecordedRequests::withBrokenSignature).toList()));
            }
        });
    }

    /**
     * From now on, requests to this URL reach the server with the bearer token's signature broken,
     * so the server itself refuses them, as it refuses an expired or revoked token.
     */
    void breakBearerTokensTo(String url) {
        tampering.add(network.addIntercept(new AddInterceptParameters(InterceptPhase.BEFORE_REQUEST_SENT).urlStringPattern(url)));
    }

    private static Header withBrokenSignature(Header header) {
        final String value = header.getValue().getValue();
        if (!header.getName().equalsIgnoreCase("Authorization") || !value.startsWith("Bearer ")) {
            return header;
        }
        final char last = value.charAt(value.length() - 1);
        return new Header(header.getName(), new BytesValue(BytesValue.Type.STRING,
                value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A')));
    }

    private static Function<Header, String> valueOf() {
        return header -> header.getValue().getValue();
    }

    /** Every request sent so far whose URL starts with the prefix. */
    List<Request> to(String urlPrefix) {
        catchUp();
        return requests.stream().filter(request -> request.url().startsWith(urlPrefix)).toList();
    }

    /** Forgets every request sent so far. */
    void clear() {
        catchUp();
        requests.clear();
    }

    /**
     * BiDi reports events asynchronously but in order, so once a marker request sent now has been
     * reported, so has every request before it: no assertion can run ahead of a late event.
     */
    private void catchUp() {
        final String marker = "/favicon.ico?recorded-requests-marker=" + markers.incrementAndGet();
        ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(location.origin + arguments[0], {cache: 'no-store', credentials: 'omit'}).then(() => done(), () => done());",
                marker);
        new FluentWait<>(requests).withTimeout(CATCH_UP).pollingEvery(Duration.ofMillis(20))
                .withMessage("the browser never reported the marker request " + marker)
                .until(recorded -> recorded.stream().anyMatch(request -> request.url().endsWith(marker)));
    }

    @Override
    public void close() {
        network.close();
    }
}
