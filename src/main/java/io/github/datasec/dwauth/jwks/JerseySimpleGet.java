package io.github.datasec.dwauth.jwks;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * jose4j's HTTP seam implemented with jersey-client. The client must be built without redirect
 * following and with timeouts (see {@link JwksClients}); this class adds the response size cap.
 */
public final class JerseySimpleGet implements SimpleGet {
    private final Client client;
    private final long maxResponseBytes;

    public JerseySimpleGet(Client client, long maxResponseBytes) {
        this.client = client;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public SimpleResponse get(String location) throws IOException {
        try (Response response = client.target(location).request(MediaType.APPLICATION_JSON_TYPE).get()) {
            final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.getStringHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            final String body = response.hasEntity() ? readCapped(response.readEntity(InputStream.class)) : "";
            return new CapturedResponse(response.getStatus(), response.getStatusInfo().getReasonPhrase(), headers, body);
        } catch (ProcessingException e) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("GET " + location + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        }
    }

    private String readCapped(InputStream in) throws IOException {
        try (in) {
            final byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
            if (bytes.length > maxResponseBytes) {
                throw new IOException("key set response exceeds " + maxResponseBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
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
