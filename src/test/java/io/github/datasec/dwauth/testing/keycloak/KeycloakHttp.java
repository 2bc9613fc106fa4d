package io.github.datasec.dwauth.testing.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** HTTP and JSON plumbing shared by the kit's clients; every non-2xx answer becomes an exception. */
final class KeycloakHttp {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    /** Sends the request and returns the answer whatever its status. */
    HttpResponse<String> exchange(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** Sends the request and returns the answer, which must have a 2xx status. */
    HttpResponse<String> send(HttpRequest request) {
        return requireSuccess(exchange(request));
    }

    static HttpResponse<String> requireSuccess(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            HttpRequest request = response.request();
            throw new IllegalStateException(
                    "Keycloak answered " + request.method() + " " + request.uri()
                            + " with " + status + ": " + response.body());
        }
        return response;
    }

    JsonNode getJson(URI uri) {
        return readTree(send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build()).body());
    }

    JsonNode postForm(URI uri, Map<String, String> fields) {
        return postForm(uri, fields, Map.of());
    }

    JsonNode postForm(URI uri, Map<String, String> fields, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(fields)));
        headers.forEach(request::header);
        return readTree(send(request.build()).body());
    }

    JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Keycloak sent JSON that does not parse", e);
        }
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Encodes one path segment, so realm names and ids cannot change the path's shape. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String formEncode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
