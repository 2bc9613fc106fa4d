package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.NotNull;

import java.util.Set;

/**
 * OpenMetadata's {@code authorizerConfiguration}. {@code className} and
 * {@code containerRequestFilter} are accepted for compatibility and ignored: the bundle always
 * installs its own filter and role authorizer.
 */
@SelfValidating
public class AuthorizerConfiguration {
    @JsonProperty private String className = "";
    @JsonProperty private String containerRequestFilter = "";
    @NotNull @JsonProperty private Set<String> adminPrincipals = Set.of();
    @NotNull @JsonProperty private String principalDomain = "";
    @JsonProperty private boolean enforcePrincipalDomain = false;
    @NotNull @JsonProperty private Set<String> allowedDomains = Set.of();
    @NotNull @JsonProperty private Set<String> allowedEmailRegistrationDomains = Set.of("all");
    @JsonProperty private boolean useRolesFromProvider = false;
    @JsonProperty private boolean enableSecureSocketConnection = false;

    @SelfValidation
    public void validateRules(ViolationCollector collector) {
        for (ConfigurationProblem problem : ConfigurationRules.check(this)) {
            collector.addViolation(problem.field(), ConfigurationProblem.escapeForTemplate(problem.message()));
        }
    }

    public String getClassName() { return className; }
    public String getContainerRequestFilter() { return containerRequestFilter; }
    public Set<String> getAdminPrincipals() { return adminPrincipals; }
    public String getPrincipalDomain() { return principalDomain; }
    public boolean isEnforcePrincipalDomain() { return enforcePrincipalDomain; }
    public Set<String> getAllowedDomains() { return allowedDomains; }
    public Set<String> getAllowedEmailRegistrationDomains() { return allowedEmailRegistrationDomains; }
    public boolean isUseRolesFromProvider() { return useRolesFromProvider; }
    public boolean isEnableSecureSocketConnection() { return enableSecureSocketConnection; }

    public AuthorizerConfiguration setAdminPrincipals(Set<String> adminPrincipals) { this.adminPrincipals = adminPrincipals; return this; }
    public AuthorizerConfiguration setPrincipalDomain(String principalDomain) { this.principalDomain = principalDomain; return this; }
    public AuthorizerConfiguration setEnforcePrincipalDomain(boolean enforce) { this.enforcePrincipalDomain = enforce; return this; }
    public AuthorizerConfiguration setAllowedDomains(Set<String> allowedDomains) { this.allowedDomains = allowedDomains; return this; }
    public AuthorizerConfiguration setUseRolesFromProvider(boolean useRolesFromProvider) { this.useRolesFromProvider = useRolesFromProvider; return this; }
}
