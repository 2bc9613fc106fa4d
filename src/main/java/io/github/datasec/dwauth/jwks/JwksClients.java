package io.github.datasec.dwauth.jwks;

import io.github.datasec.dwauth.config.JwksConfiguration;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

import java.time.Duration;

/** Builds the jersey client used for key sets: timeouts always, an overall deadline per fetch, redirects never. */
public final class JwksClients {
    /** The client property that carries the fetch deadline, in milliseconds, to {@link JerseySimpleGet}. */
    static final String FETCH_DEADLINE_MILLIS = "io.github.datasec.dwauth.jwks.fetchDeadlineMillis";

    private JwksClients() {
    }

    public static Client create(JwksConfiguration config) {
        return ClientBuilder.newClient(new ClientConfig()
                .connectorProvider(new HttpUrlConnectorProvider().connectionFactory(new FetchDeadline()))
                .property(ClientProperties.CONNECT_TIMEOUT, (int) config.getConnectTimeout().toMilliseconds())
                .property(ClientProperties.READ_TIMEOUT, (int) config.getReadTimeout().toMilliseconds())
                .property(FETCH_DEADLINE_MILLIS, fetchDeadline(config).toMillis())
                // A redirect could move the key fetch to a host the operator never named.
                .property(ClientProperties.FOLLOW_REDIRECTS, false));
    }

    /**
     * How long one fetch may take as a whole: one connect timeout plus one read timeout. The read
     * timeout alone bounds each read, not their sum, so an endpoint that drips bytes is cut off here.
     */
    public static Duration fetchDeadline(JwksConfiguration config) {
        return Duration.ofMillis(config.getConnectTimeout().toMilliseconds() + config.getReadTimeout().toMilliseconds());
    }
}
