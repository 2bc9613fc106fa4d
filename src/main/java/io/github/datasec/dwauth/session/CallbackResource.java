package io.github.datasec.dwauth.session;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.process.Inflector;
import org.glassfish.jersey.server.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET <callback path>}: where the provider sends the browser with the code. A resource built at
 * run time because the path comes from {@code oidcConfiguration.callbackUrl}.
 */
final class CallbackResource implements Inflector<ContainerRequestContext, Response> {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackResource.class);

    private final SignIn signIn;

    CallbackResource(SignIn signIn) {
        this.signIn = signIn;
    }

    static Resource at(String path, SignIn signIn) {
        final Resource.Builder builder = Resource.builder(path);
        builder.addMethod(HttpMethod.GET).handledBy(new CallbackResource(signIn));
        return builder.build();
    }

    @Override
    public Response apply(ContainerRequestContext request) {
        try {
            return signIn.finish(request);
        } catch (SessionStoreUnavailableException e) {
            return SessionResponses.page(503, "the session store is unavailable; try again shortly").build();
        } catch (ProviderUnavailableException e) {
            LOG.warn("Sign-in could not complete: {}", e.getMessage());
            return SessionResponses.page(503, "the identity provider is unavailable; try again shortly").build();
        }
    }
}
