package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * OpenMetadata's {@code oidcConfiguration} block, accepted as is so that a copied block loads.
 * Only {@code scope} is used (by the login page); {@code secret} is never sent anywhere.
 */
public class OidcClientConfiguration {
    @JsonProperty private String id = "";
    @JsonProperty private String type = "";
    @JsonProperty private String secret = "";
    @JsonProperty private String scope = "openid email profile";
    @JsonProperty private String discoveryUri = "";
    @JsonProperty private boolean useNonce = true;
    @JsonProperty private String preferredJwsAlgorithm = "RS256";
    @JsonProperty private String responseType = "code";
    @JsonProperty private boolean disablePkce = false;
    @JsonProperty private String callbackUrl = "";
    @JsonProperty private String serverUrl = "";
    @JsonProperty private String clientAuthenticationMethod = "client_secret_post";
    @JsonProperty private String tenant = "";
    @JsonProperty private String maxClockSkew = "";
    @JsonProperty private String tokenValidity = "3600";
    @JsonProperty private Map<String, String> customParams = Map.of();
    @JsonProperty private String maxAge = "0";
    @JsonProperty private String prompt = "";
    @JsonProperty private String sessionExpiry = "604800";

    public String getId() { return id; }
    public String getType() { return type; }
    public String getSecret() { return secret; }
    public String getScope() { return scope; }
    public String getDiscoveryUri() { return discoveryUri; }
    public boolean isUseNonce() { return useNonce; }
    public String getPreferredJwsAlgorithm() { return preferredJwsAlgorithm; }
    public String getResponseType() { return responseType; }
    public boolean isDisablePkce() { return disablePkce; }
    public String getCallbackUrl() { return callbackUrl; }
    public String getServerUrl() { return serverUrl; }
    public String getClientAuthenticationMethod() { return clientAuthenticationMethod; }
    public String getTenant() { return tenant; }
    public String getMaxClockSkew() { return maxClockSkew; }
    public String getTokenValidity() { return tokenValidity; }
    public Map<String, String> getCustomParams() { return customParams; }
    public String getMaxAge() { return maxAge; }
    public String getPrompt() { return prompt; }
    public String getSessionExpiry() { return sessionExpiry; }

    @Override
    public String toString() {
        return "OidcClientConfiguration{id=" + id + ", type=" + type + ", secret=" + (secret.isEmpty() ? "" : "****") + '}';
    }
}
