package io.github.datasec.dwauth.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The RFC 9728 protected resource metadata document; the DPoP members are left out when DPoP is disabled. */
@JsonPropertyOrder({"resource", "authorization_servers", "bearer_methods_supported",
        "dpop_signing_alg_values_supported", "dpop_bound_access_tokens_required"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProtectedResourceMetadata(
        @JsonProperty("resource") String resource,
        @JsonProperty("authorization_servers") List<String> authorizationServers,
        @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
        @JsonProperty("dpop_signing_alg_values_supported") List<String> dpopSigningAlgValuesSupported,
        @JsonProperty("dpop_bound_access_tokens_required") Boolean dpopBoundAccessTokensRequired) {
}
