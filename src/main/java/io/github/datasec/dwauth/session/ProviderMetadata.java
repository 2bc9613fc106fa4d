package io.github.datasec.dwauth.session;

import java.net.URI;
import java.util.Optional;

/**
 * What the code flow needs from the provider's discovery document.
 *
 * @param issParameterSupported RFC 9207: the provider puts {@code iss} on every authorization response,
 *                              so a response without it, or with another, is refused (mix-up defence)
 */
record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> endSessionEndpoint,
                        boolean issParameterSupported) {
}
