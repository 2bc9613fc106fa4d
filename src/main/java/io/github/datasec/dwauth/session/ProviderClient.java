package io.github.datasec.dwauth.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.github.datasec.dwauth.config.ConfigurationRules;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's side of the code flow at the provider: the discovery document (fetched on first use
 * and kept; retried after a failure at most every {@value #RETRY_MILLIS} ms) and the token endpoint,
 * authenticated with the client secret by {@code client_secret_basic} or {@code client_secret_post}.
 */
final class ProviderClient {
    private static final long RETRY_MILLIS = 5000;
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Pattern OAUTH_ERROR = Pattern.compile("[a-z_]{1,64}");

    private final Client http;
    private final CodeFlowSettings settings;
    private final Clock clock;
    private volatile ProviderMetadata metadata;
    private volatile long nextAttemptAtMillis;

    ProviderClient(Client http, CodeFlowSettings settings, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
    }

    ProviderMetadata metadata() throws ProviderUnavailableException {
        final ProviderMetadata known = metadata;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (metadata != null) {
                return metadata;
            }
            if (System.currentTimeMillis() < nextAttemptAtMillis) {
                throw new ProviderUnavailableException("provider discovery failed recently");
            }
            try {
                metadata = discover();
                return metadata;
            } catch (ProviderUnavailableException e) {
                nextAttemptAtMillis = System.currentTimeMillis() + RETRY_MILLIS;
                throw e;
            }
        }
    }

    TokenResponse exchangeCode(String code, String codeVerifier) throws ProviderUnavailableException, ProviderRefusedException {
        final Form form = new Form().param("grant_type", "authorization_code").param("code", code)
                .param("redirect_uri", settings.callbackUrl());
        if (!codeVerifier.isEmpty()) {
            form.param("code_verifier", codeVerifier);
        }
        return tokenRequest(form);
    }

    TokenResponse refresh(String refreshToken) throws ProviderUnavailableException, ProviderRefusedException {
        return tokenRequest(new Form().param("grant_type", "refresh_token").param("refresh_token", refreshToken));
    }

    private TokenResponse tokenRequest(Form form) throws ProviderUnavailableException, ProviderRefusedException {
        final URI endpoint = metadata().tokenEndpoint();
        Invocation.Builder request = http.target(endpoint).request(MediaType.APPLICATION_JSON_TYPE);
        if (settings.secretInBasicHeader()) {
            request = request.header(HttpHeaders.AUTHORIZATION, basic(settings.clientId(), settings.clientSecret()));
        } else {
            form.param("client_id", settings.clientId()).param("client_secret", settings.clientSecret());
        }
        final long sentAt = clock.millis();
        try (Response response = request.post(Entity.form(form))) {
            final JsonNode body = readJson(response);
            if (response.getStatus() == 200) {
                return tokensFrom(body, sentAt);
            }
            if (response.getStatus() >= 400 && response.getStatus() < 500) {
                final String error = body.path("error").asText("");
                throw new ProviderRefusedException(OAUTH_ERROR.matcher(error).matches() ? error : "invalid_request");
            }
            throw new ProviderUnavailableException("token endpoint answered " + response.getStatus());
        } catch (ProcessingException e) {
            throw new ProviderUnavailableException("token endpoint unreachable: " + e.getClass().getSimpleName());
        }
    }

    private static TokenResponse tokensFrom(JsonNode body, long sentAtMillis) throws ProviderUnavailableException {
        final String accessToken = body.path("access_token").asText("");
        final long expiresIn = body.path("expires_in").asLong(0);
        if (accessToken.isEmpty() || expiresIn <= 0 || !"bearer".equalsIgnoreCase(body.path("token_type").asText(""))) {
            throw new ProviderUnavailableException("token endpoint answered without a bearer access token and its lifetime");
        }
        // Counted from when the request left: the token cannot live longer than that.
        return new TokenResponse(accessToken, java.time.Instant.ofEpochMilli(sentAtMillis).plusSeconds(expiresIn),
                body.path("refresh_token").asText(""), body.path("id_token").asText(""));
    }

    private ProviderMetadata discover() throws ProviderUnavailableException {
        final JsonNode document;
        try (Response response = http.target(settings.discoveryUri()).request(MediaType.APPLICATION_JSON_TYPE).get()) {
            if (response.getStatus() != 200) {
                throw new ProviderUnavailableException("discovery document answered " + response.getStatus());
            }
            document = readJson(response);
        } catch (ProcessingException e) {
            throw new ProviderUnavailableException("discovery document unreachable: " + e.getClass().getSimpleName());
        }
        final String issuer = document.path("issuer").asText("");
        if (!issuer.equals(settings.issuer())) {
            throw new ProviderUnavailableException("discovery issuer '" + issuer + "' is not the configured authority");
        }
        final String endSession = document.path("end_session_endpoint").asText("");
        return new ProviderMetadata(issuer,
                endpoint(document, "authorization_endpoint", true),
                endpoint(document, "token_endpoint", false),
                endSession.isEmpty() ? Optional.empty() : Optional.of(endpoint(document, "end_session_endpoint", true)),
                document.path("authorization_response_iss_parameter_supported").asBoolean(false));
    }

    /** An endpoint URL; one the secret or tokens travel to must be https unless loopback or explicitly allowed. */
    private URI endpoint(JsonNode document, String name, boolean browserFacing) throws ProviderUnavailableException {
        final String value = document.path(name).asText("");
        final URI uri = ConfigurationRules.httpUri(value);
        if (uri == null) {
            throw new ProviderUnavailableException("discovery document has no usable " + name);
        }
        if (!browserFacing && uri.getScheme().equalsIgnoreCase("http") && !ConfigurationRules.isLoopback(uri)
                && !settings.insecureHttpAllowed()) {
            throw new ProviderUnavailableException(name + " uses plain http; the client secret would travel in clear");
        }
        return uri;
    }

    private static JsonNode readJson(Response response) throws ProviderUnavailableException {
        try {
            final String text = response.readEntity(String.class);
            final JsonNode node = JSON.readTree(text == null ? "" : text);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException | ProcessingException e) {
            throw new ProviderUnavailableException("provider answered with something other than JSON");
        }
    }

    /** RFC 6749 section 2.3.1: both parts form-encoded before base64. */
    private static String basic(String id, String secret) {
        final String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
