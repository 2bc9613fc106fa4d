package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * OpenMetadata's {@code oidcConfiguration} block, accepted as is so that a copied block loads. In
 * public mode only {@code scope} is used (by the login page); with {@code clientType: confidential}
 * the server runs the authorization code flow as this client. The {@code secret} goes only to the
 * provider's token endpoint: never to a log, a browser or a cookie.
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

    public OidcClientConfiguration setId(String value) { this.id = value; return this; }
    public OidcClientConfiguration setSecret(String value) { this.secret = value; return this; }
    public OidcClientConfiguration setScope(String value) { this.scope = value; return this; }
    public OidcClientConfiguration setDiscoveryUri(String value) { this.discoveryUri = value; return this; }
    public OidcClientConfiguration setUseNonce(boolean value) { this.useNonce = value; return this; }
    public OidcClientConfiguration setDisablePkce(boolean value) { this.disablePkce = value; return this; }
    public OidcClientConfiguration setCallbackUrl(String value) { this.callbackUrl = value; return this; }
    public OidcClientConfiguration setServerUrl(String value) { this.serverUrl = value; return this; }
    public OidcClientConfiguration setClientAuthenticationMethod(String value) { this.clientAuthenticationMethod = value; return this; }
    public OidcClientConfiguration setMaxClockSkew(String value) { this.maxClockSkew = value; return this; }
    public OidcClientConfiguration setCustomParams(Map<String, String> value) { this.customParams = value; return this; }
    public OidcClientConfiguration setMaxAge(String value) { this.maxAge = value; return this; }
    public OidcClientConfiguration setPrompt(String value) { this.prompt = value; return this; }
    public OidcClientConfiguration setSessionExpiry(String value) { this.sessionExpiry = value; return this; }

    @Override
    public String toString() {
        return "OidcClientConfiguration{id=" + id + ", type=" + type + ", secret=" + (secret.isEmpty() ? "" : "****") + '}';
    }
}
