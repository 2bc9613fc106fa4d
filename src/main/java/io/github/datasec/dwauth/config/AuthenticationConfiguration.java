package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * OpenMetadata's {@code authenticationConfiguration} block, field for field, plus the bundle's
 * own sub-blocks ({@code tokenValidation}, {@code jwks}, {@code tokenCache}, {@code loginPage}, {@code sessions},
 * {@code dpop}),
 * which all have defaults so that a block copied from OpenMetadata loads unchanged.
 */
@SelfValidating
public class AuthenticationConfiguration {
    @NotNull @JsonProperty private AuthProvider provider = AuthProvider.CUSTOM_OIDC;
    @NotNull @JsonProperty private String providerName = "";
    @NotNull @JsonProperty private ClientType clientType = ClientType.PUBLIC;
    @NotNull @JsonProperty private ResponseType responseType = ResponseType.ID_TOKEN;
    @NotNull @JsonProperty private List<String> publicKeyUrls = List.of();
    @NotNull @JsonProperty private String tokenValidationAlgorithm = "RS256";
    @NotNull @JsonProperty private String authority = "";
    @NotNull @JsonProperty private String clientId = "";
    @NotNull @JsonProperty private String callbackUrl = "";
    @NotNull @JsonProperty private List<String> jwtPrincipalClaims = List.of("email", "preferred_username", "sub");
    @NotNull @JsonProperty private List<String> jwtPrincipalClaimsMapping = List.of();
    @JsonProperty private boolean enableSelfSignup = true;
    @JsonProperty private boolean enableAutoRedirect = false;
    @JsonProperty private boolean forceSecureSessionCookie = false;
    @Valid @NotNull @JsonProperty private OidcClientConfiguration oidcConfiguration = new OidcClientConfiguration();
    /** Kept only so that a block copied from OpenMetadata loads; SAML is not implemented. */
    @JsonProperty private JsonNode samlConfiguration;
    /** Kept only so that a block copied from OpenMetadata loads; LDAP is not implemented. */
    @JsonProperty private JsonNode ldapConfiguration;

    @Valid @NotNull @JsonProperty private TokenValidationConfiguration tokenValidation = new TokenValidationConfiguration();
    @Valid @NotNull @JsonProperty private JwksConfiguration jwks = new JwksConfiguration();
    @Valid @NotNull @JsonProperty private TokenCacheConfiguration tokenCache = new TokenCacheConfiguration();
    @Valid @NotNull @JsonProperty private LoginPageConfiguration loginPage = new LoginPageConfiguration();
    @Valid @NotNull @JsonProperty private SessionConfiguration sessions = new SessionConfiguration();
    @Valid @NotNull @JsonProperty private DpopConfiguration dpop = new DpopConfiguration();

    @SelfValidation
    public void validateRules(ViolationCollector collector) {
        for (ConfigurationProblem problem : ConfigurationRules.check(this)) {
            collector.addViolation(problem.field(), ConfigurationProblem.escapeForTemplate(problem.message()));
        }
    }

    public AuthProvider getProvider() { return provider; }
    public String getProviderName() { return providerName; }
    public ClientType getClientType() { return clientType; }
    public ResponseType getResponseType() { return responseType; }
    public List<String> getPublicKeyUrls() { return publicKeyUrls; }
    public String getTokenValidationAlgorithm() { return tokenValidationAlgorithm; }
    public String getAuthority() { return authority; }
    public String getClientId() { return clientId; }
    public String getCallbackUrl() { return callbackUrl; }
    public List<String> getJwtPrincipalClaims() { return jwtPrincipalClaims; }
    public List<String> getJwtPrincipalClaimsMapping() { return jwtPrincipalClaimsMapping; }
    public boolean isEnableSelfSignup() { return enableSelfSignup; }
    public boolean isEnableAutoRedirect() { return enableAutoRedirect; }
    public boolean isForceSecureSessionCookie() { return forceSecureSessionCookie; }
    public OidcClientConfiguration getOidcConfiguration() { return oidcConfiguration; }
    public JsonNode getSamlConfiguration() { return samlConfiguration; }
    public JsonNode getLdapConfiguration() { return ldapConfiguration; }
    public TokenValidationConfiguration getTokenValidation() { return tokenValidation; }
    public JwksConfiguration getJwks() { return jwks; }
    public TokenCacheConfiguration getTokenCache() { return tokenCache; }
    public LoginPageConfiguration getLoginPage() { return loginPage; }
    public SessionConfiguration getSessions() { return sessions; }
    public DpopConfiguration getDpop() { return dpop; }

    public AuthenticationConfiguration setProvider(AuthProvider provider) { this.provider = provider; return this; }
    public AuthenticationConfiguration setClientType(ClientType clientType) { this.clientType = clientType; return this; }
    public AuthenticationConfiguration setForceSecureSessionCookie(boolean value) { this.forceSecureSessionCookie = value; return this; }
    public AuthenticationConfiguration setOidcConfiguration(OidcClientConfiguration value) { this.oidcConfiguration = value; return this; }
    public AuthenticationConfiguration setSessions(SessionConfiguration value) { this.sessions = value; return this; }
    public AuthenticationConfiguration setProviderName(String providerName) { this.providerName = providerName; return this; }
    public AuthenticationConfiguration setResponseType(ResponseType responseType) { this.responseType = responseType; return this; }
    public AuthenticationConfiguration setPublicKeyUrls(List<String> publicKeyUrls) { this.publicKeyUrls = publicKeyUrls; return this; }
    public AuthenticationConfiguration setTokenValidationAlgorithm(String algorithm) { this.tokenValidationAlgorithm = algorithm; return this; }
    public AuthenticationConfiguration setAuthority(String authority) { this.authority = authority; return this; }
    public AuthenticationConfiguration setClientId(String clientId) { this.clientId = clientId; return this; }
    public AuthenticationConfiguration setCallbackUrl(String callbackUrl) { this.callbackUrl = callbackUrl; return this; }
    public AuthenticationConfiguration setJwtPrincipalClaims(List<String> claims) { this.jwtPrincipalClaims = claims; return this; }
    public AuthenticationConfiguration setJwtPrincipalClaimsMapping(List<String> mapping) { this.jwtPrincipalClaimsMapping = mapping; return this; }
    public AuthenticationConfiguration setEnableAutoRedirect(boolean enableAutoRedirect) { this.enableAutoRedirect = enableAutoRedirect; return this; }
    public AuthenticationConfiguration setTokenValidation(TokenValidationConfiguration value) { this.tokenValidation = value; return this; }
    public AuthenticationConfiguration setJwks(JwksConfiguration value) { this.jwks = value; return this; }
    public AuthenticationConfiguration setTokenCache(TokenCacheConfiguration value) { this.tokenCache = value; return this; }
    public AuthenticationConfiguration setLoginPage(LoginPageConfiguration value) { this.loginPage = value; return this; }
    public AuthenticationConfiguration setDpop(DpopConfiguration value) { this.dpop = value; return this; }
}
