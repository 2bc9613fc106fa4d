package io.github.datasec.dwauth.jwks;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * jose4j's HTTP seam implemented with jersey-client. The client must be built by {@link JwksClients}
 * (timeouts, the overall fetch deadline, no redirect following); this class adds the response size cap.
 */
public final class JerseySimpleGet implements SimpleGet {
    private final Client client;
    private final long maxResponseBytes;
    private final Duration deadline;

    public JerseySimpleGet(Client client, long maxResponseBytes) {
        this.client = client;
        this.maxResponseBytes = maxResponseBytes;
        final Object millis = client.getConfiguration().getProperty(JwksClients.FETCH_DEADLINE_MILLIS);
        if (!(millis instanceof Long value)) {
            throw new IllegalArgumentException("the client must be built by JwksClients, which sets the fetch deadline");
        }
        this.deadline = Duration.ofMillis(value);
    }

    @Override
    public SimpleResponse get(String location) throws IOException {
        try (FetchDeadline.Scope scope = FetchDeadline.start(deadline)) {
            try {
                final SimpleResponse response = fetch(location, scope);
                if (scope.expired()) {
                    throw pastDeadline(location, null);
                }
                return response;
            } catch (IOException e) {
                throw scope.expired() ? pastDeadline(location, e) : e;
            }
        }
    }

    private IOException pastDeadline(String location, IOException cause) {
        return new IOException("GET " + location + " took longer than its deadline of " + deadline.toMillis() + " ms", cause);
    }

    private SimpleResponse fetch(String location, FetchDeadline.Scope scope) throws IOException {
        try (Response response = client.target(location).request(MediaType.APPLICATION_JSON_TYPE).get()) {
            scope.readingBody();
            final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.getStringHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            final String body = response.hasEntity() ? readCapped(location, response.readEntity(InputStream.class), scope) : "";
            return new CapturedResponse(response.getStatus(), response.getStatusInfo().getReasonPhrase(), headers, body);
        } catch (ProcessingException e) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("GET " + location + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        }
    }

    /** The body up to the size cap, read in pieces so that a body arriving byte by byte stops at the deadline. */
    private String readCapped(String location, InputStream in, FetchDeadline.Scope scope) throws IOException {
        try (in) {
            final ByteArrayOutputStream body = new ByteArrayOutputStream();
            final byte[] piece = new byte[8192];
            for (int read = in.read(piece); read >= 0; read = in.read(piece)) {
                body.write(piece, 0, read);
                if (body.size() > maxResponseBytes) {
                    throw new IOException("key set response exceeds " + maxResponseBytes + " bytes");
                }
                if (scope.pastDeadline()) {
                    throw pastDeadline(location, null);
                }
            }
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private record CapturedResponse(int status, String message, Map<String, List<String>> headers, String body)
            implements SimpleResponse {
        @Override public int getStatusCode() { return status; }
        @Override public String getStatusMessage() { return message; }
        @Override public Collection<String> getHeaderNames() { return headers.keySet(); }
        @Override public List<String> getHeaderValues(String name) { return headers.get(name); }
        @Override public String getBody() { return body; }
    }
}
