package io.github.datasec.dwauth.jwks;

import io.github.datasec.dwauth.config.JwksConfiguration;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.client.ClientProperties;

import java.util.concurrent.TimeUnit;

/** Builds the jersey client used for key sets: timeouts always, redirects never. */
public final class JwksClients {
    private JwksClients() {
    }

    public static Client create(JwksConfiguration config) {
        return ClientBuilder.newBuilder()
                .connectTimeout(config.getConnectTimeout().toMilliseconds(), TimeUnit.MILLISECONDS)
                .readTimeout(config.getReadTimeout().toMilliseconds(), TimeUnit.MILLISECONDS)
                // A redirect could move the key fetch to a host the operator never named.
                .property(ClientProperties.FOLLOW_REDIRECTS, false)
                .build();
    }
}
