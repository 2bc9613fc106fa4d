package io.github.datasec.dwauth.config;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.github.datasec.dwauth.example.ExampleConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationValidationTest {
    private static final String VALID = """
            authenticationConfiguration:
              provider: custom-oidc
              publicKeyUrls: [http://localhost:8081/realms/data-sec/protocol/openid-connect/certs]
              authority: http://localhost:8081/realms/data-sec
              clientId: open-metadata
            authorizerConfiguration:
              adminPrincipals: [admin-user]
            """;

    private final YamlConfigurationFactory<ExampleConfiguration> factory =
            new YamlConfigurationFactory<>(ExampleConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private static ExampleConfiguration load(String yaml) throws Exception {
        return YamlConfigs.load(yaml);
    }

    private static String replace(String line, String replacement) {
        return VALID.lines().map(l -> l.trim().startsWith(line + ":") ? l.substring(0, l.indexOf(line)) + replacement : l)
                .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
    }

    @Test
    void loadsAMinimalKeycloakBlockWithOpenMetadataDefaults() throws Exception {
        final AuthenticationConfiguration auth = load(VALID).getAuthenticationConfiguration();
        assertThat(auth.getProvider()).isEqualTo(AuthProvider.CUSTOM_OIDC);
        assertThat(auth.getTokenValidationAlgorithm()).isEqualTo("RS256");
        assertThat(auth.getJwtPrincipalClaims()).containsExactly("email", "preferred_username", "sub");
        assertThat(auth.getResponseType()).isEqualTo(ResponseType.ID_TOKEN);
        assertThat(auth.getClientType()).isEqualTo(ClientType.PUBLIC);
        assertThat(auth.getTokenValidation().getClockSkew().toSeconds()).isEqualTo(30);
        assertThat(auth.getJwks().getRefetchCooldown().toSeconds()).isEqualTo(30);
    }

    @Test
    void loadsTheRepositoryConfigWithEnvironmentDefaults() throws Exception {
        final ExampleConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config.yaml");
        final AuthenticationConfiguration auth = config.getAuthenticationConfiguration();
        assertThat(auth.getAuthority()).isEqualTo("http://localhost:8081/realms/data-sec");
        assertThat(auth.getPublicKeyUrls()).containsExactly("http://localhost:8081/realms/data-sec/protocol/openid-connect/certs");
        assertThat(auth.getClientId()).isEqualTo("open-metadata");
        assertThat(auth.getCallbackUrl()).isEqualTo("http://localhost:8585/callback");
        assertThat(config.getAuthorizerConfiguration().getAdminPrincipals()).containsExactly("admin-user");
    }

    @Test
    void acceptsABlockCopiedFromOpenMetadataWithSamlAndLdapSections() throws Exception {
        final String yaml = VALID.replace("  clientId: open-metadata\n", """
                  clientId: open-metadata
                  providerName: KeyCloak
                  clientType: public
                  responseType: id_token
                  callbackUrl: http://localhost:8585/callback
                  jwtPrincipalClaimsMapping: []
                  enableSelfSignup: true
                  oidcConfiguration:
                    id: ""
                    type: ""
                    secret: "kc-client-secret-4711"
                    scope: openid email profile
                    discoveryUri: ""
                    useNonce: true
                    preferredJwsAlgorithm: RS256
                    responseType: code
                    disablePkce: true
                    callbackUrl: http://localhost:8585/callback
                    serverUrl: http://localhost:8585
                    clientAuthenticationMethod: client_secret_post
                    tenant: ""
                    maxClockSkew: ""
                    tokenValidity: "3600"
                    customParams: {}
                    maxAge: "0"
                    prompt: ""
                    sessionExpiry: "604800"
                  samlConfiguration:
                    debugMode: false
                    idp: {entityId: "", ssoLoginUrl: ""}
                  ldapConfiguration:
                    host: localhost
                    port: 10636
                """);
        final ExampleConfiguration config = load(yaml);
        assertThat(config.getAuthenticationConfiguration().getLdapConfiguration().get("port").asInt()).isEqualTo(10636);
        assertThat(config.getAuthenticationConfiguration().getOidcConfiguration().toString())
                .doesNotContain("kc-client-secret-4711").contains("secret=****");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "publicKeyUrls: []|authenticationConfiguration.publicKeyUrls must name at least one JWKS URL",
            "publicKeyUrls: [ftp://keys.example/certs]|authenticationConfiguration.publicKeyUrls[0] is not an absolute http(s) URL",
            "publicKeyUrls: [not a url]|authenticationConfiguration.publicKeyUrls[0] is not an absolute http(s) URL",
            "publicKeyUrls: [http://keycloak.example/certs]|authenticationConfiguration.publicKeyUrls[0] uses plain http for a host other than loopback",
            "authority: ''|authenticationConfiguration.authority must not be empty",
            "authority: keycloak/realms/x|authenticationConfiguration.authority is not an absolute http(s) URL",
            "authority: http://keycloak.example/realms/x|authenticationConfiguration.authority uses plain http for a host other than loopback",
            "clientId: ''|authenticationConfiguration.clientId must not be empty",
            "clientId: '   '|authenticationConfiguration.clientId must not be empty",
            "provider: basic|authenticationConfiguration.provider 'basic' is not implemented by this bundle",
            "provider: ldap|authenticationConfiguration.provider 'ldap' is not implemented by this bundle",
            "provider: saml|authenticationConfiguration.provider 'saml' is not implemented by this bundle",
            "provider: openmetadata|authenticationConfiguration.provider 'openmetadata' is not implemented by this bundle",
    })
    void refusesABadValueNamingTheField(String line, String expected) {
        final String key = line.substring(0, line.indexOf(':'));
        assertThatThrownBy(() -> load(replace(key, line)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "none|unsigned tokens are never accepted",
            "HS256|HMAC would use the public key as a shared secret",
            "hs512|HMAC would use the public key as a shared secret",
            "PS999|use one of RS256, RS384, RS512, ES256, ES384, ES512",
    })
    void refusesAnAlgorithmOutsideTheAsymmetricAllowList(String algorithm, String why) {
        assertThatThrownBy(() -> load(withAuthLine("tokenValidationAlgorithm: " + algorithm)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("authenticationConfiguration.tokenValidationAlgorithm")
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "responseType: token|authenticationConfiguration.responseType",
            "provider: keycloak-ish|authenticationConfiguration.provider",
            "clientType: secret|authenticationConfiguration.clientType",
    })
    void refusesAnUnknownEnumValueNamingTheField(String line, String field) {
        final String key = line.substring(0, line.indexOf(':'));
        final String yaml = VALID.contains("  " + key + ":") ? replace(key, line) : withAuthLine(line);
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(field);
    }

    @Test
    void refusesAMalformedClaimsMappingNamingTheField() {
        assertThatThrownBy(() -> load(withAuthLine("jwtPrincipalClaimsMapping: [username-preferred_username]")))
                .hasMessageContaining("authenticationConfiguration.jwtPrincipalClaimsMapping entries must look like username:<claim>");
        assertThatThrownBy(() -> load(withAuthLine("jwtPrincipalClaimsMapping: [username:preferred_username]")))
                .hasMessageContaining("authenticationConfiguration.jwtPrincipalClaimsMapping must map both username and email");
    }

    @Test
    void refusesAClockSkewAboveFiveMinutes() {
        assertThatThrownBy(() -> load(withAuthLine("tokenValidation: {clockSkew: 10m}")))
                .hasMessageContaining("authenticationConfiguration.tokenValidation.clockSkew");
    }

    @Test
    void refusesDomainEnforcementWithoutADomain() {
        final String yaml = VALID.replace("  adminPrincipals: [admin-user]", "  adminPrincipals: [admin-user]\n  enforcePrincipalDomain: true");
        assertThatThrownBy(() -> load(yaml))
                .hasMessageContaining("authorizerConfiguration.enforcePrincipalDomain is true but neither principalDomain nor allowedDomains");
    }

    @Test
    void allowsPlainHttpToAnotherHostOnlyWhenExplicitlyPermitted() throws Exception {
        final String yaml = replace("publicKeyUrls", "publicKeyUrls: [http://keycloak:8080/realms/data-sec/protocol/openid-connect/certs]");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("jwks.allowInsecureHttp");
        final String permitted = yaml.replace("  clientId: open-metadata\n", "  clientId: open-metadata\n  jwks: {allowInsecureHttp: true}\n");
        assertThat(load(permitted).getAuthenticationConfiguration().getJwks().isAllowInsecureHttp()).isTrue();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        final String yaml = replace("clientId", "clientId: ''").replace("authority: http://localhost:8081/realms/data-sec", "authority: ''");
        assertThatThrownBy(() -> load(yaml))
                .hasMessageContaining("authenticationConfiguration.clientId")
                .hasMessageContaining("authenticationConfiguration.authority");
    }

    @Test
    void neverEvaluatesAConfiguredValueAsAMessageTemplate() {
        assertThatThrownBy(() -> load(replace("publicKeyUrls", "publicKeyUrls: ['${1+1}{java.version}']")))
                .hasMessageContaining("'${1+1}{java.version}'");
    }

    private static String withAuthLine(String line) {
        return VALID.replace("  clientId: open-metadata\n", "  clientId: open-metadata\n  " + line + "\n");
    }
}
