package io.github.datasec.dwauth.session;

import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;

import java.net.URI;

/** A Jersey request as the filters see it, without a server. */
final class Requests {
    private Requests() {
    }

    static ContainerRequest request(String method, String url, String... headerNamesAndValues) {
        final URI uri = URI.create(url);
        final ContainerRequest request = new ContainerRequest(uri.resolve("/"), uri, method, null,
                new MapPropertiesDelegate(), null);
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return request;
    }
}
