package io.github.datasec.dwauth.principal;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrincipalResolverTest {
    private final AuthenticationConfiguration authentication = new AuthenticationConfiguration().setClientId("open-metadata");
    private final AuthorizerConfiguration authorizer = new AuthorizerConfiguration().setAdminPrincipals(Set.of("admin-user"));

    private static JwtClaims keycloakClaims() {
        final JwtClaims claims = new JwtClaims();
        claims.setSubject("5f1c7a4e-0000-4000-8000-000000000001");
        claims.setClaim("preferred_username", "admin-user");
        claims.setClaim("email", "Admin-User@Data-Sec.example");
        claims.setClaim("realm_access", Map.of("roles", List.of("admin", "offline_access")));
        claims.setClaim("resource_access", Map.of(
                "open-metadata", Map.of("roles", List.of("data-steward")),
                "other-client", Map.of("roles", List.of("other-role"))));
        return claims;
    }

    private OidcPrincipal resolve(JwtClaims claims) throws TokenRejectedException {
        return new PrincipalResolver(authentication, authorizer).resolve(claims);
    }

    @Test
    void takesTheNameFromTheEmailLocalPartLowerCasedLikeOpenMetadata() throws Exception {
        final OidcPrincipal principal = resolve(keycloakClaims());
        assertThat(principal.name()).isEqualTo("admin-user");
        assertThat(principal.email()).isEqualTo("Admin-User@Data-Sec.example");
        assertThat(principal.subject()).isEqualTo("5f1c7a4e-0000-4000-8000-000000000001");
    }

    @Test
    void makesAdminPrincipalsAdminsWithTheAdminRole() throws Exception {
        final OidcPrincipal principal = resolve(keycloakClaims());
        assertThat(principal.admin()).isTrue();
        assertThat(principal.roles()).containsExactly("admin");
    }

    @Test
    void ignoresProviderRolesUnlessAsked() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "data-user@data-sec.example");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.admin()).isFalse();
        assertThat(principal.roles()).isEmpty();
    }

    @Test
    void takesRealmAndOwnClientRolesWhenUsingRolesFromProvider() throws Exception {
        authorizer.setUseRolesFromProvider(true).setAdminPrincipals(Set.of());
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "data-user@data-sec.example");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "offline_access", "data-steward");
        assertThat(principal.admin()).isTrue();
    }

    @Test
    void fallsBackToTheNextClaimInOrder() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.unsetClaim("email");
        authorizer.setPrincipalDomain("data-sec.example");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo("admin-user");
        assertThat(principal.email()).isEqualTo("admin-user@data-sec.example");
    }

    @Test
    void usesTheClaimsMappingWhenGiven() throws Exception {
        authentication.setJwtPrincipalClaimsMapping(List.of("username:preferred_username", "email:email"));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("preferred_username", "Someone");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo("someone");
        assertThat(principal.email()).isEqualTo("Admin-User@Data-Sec.example");
    }

    @Test
    void rejectsAMappedEmailWithoutAtSign() {
        authentication.setJwtPrincipalClaimsMapping(List.of("username:preferred_username", "email:email"));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "not-an-email");
        assertRejected(claims, RejectionReason.NO_PRINCIPAL);
    }

    @Test
    void rejectsATokenWithoutAnyPrincipalClaim() {
        final JwtClaims claims = new JwtClaims();
        claims.setClaim("realm_access", Map.of("roles", List.of("admin")));
        assertRejected(claims, RejectionReason.NO_PRINCIPAL);
    }

    @Test
    void rejectsAnEmptyPrincipalClaim() {
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "  ");
        assertRejected(claims, RejectionReason.NO_PRINCIPAL);
    }

    @Test
    void rejectsAPrincipalClaimThatIsNotAString() {
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", List.of("admin-user@data-sec.example"));
        assertRejected(claims, RejectionReason.NO_PRINCIPAL);
    }

    @Test
    void enforcesThePrincipalDomainWhenAsked() throws Exception {
        authorizer.setEnforcePrincipalDomain(true).setPrincipalDomain("data-sec.example");
        assertThat(resolve(keycloakClaims()).name()).isEqualTo("admin-user");
        final JwtClaims outsider = keycloakClaims();
        outsider.setClaim("email", "admin-user@evil.example");
        assertRejected(outsider, RejectionReason.DOMAIN_NOT_ALLOWED);
    }

    @Test
    void acceptsAnyOfTheAllowedDomains() throws Exception {
        authorizer.setEnforcePrincipalDomain(true).setPrincipalDomain("data-sec.example").setAllowedDomains(Set.of("partner.example"));
        final JwtClaims partner = keycloakClaims();
        partner.setClaim("email", "guest@partner.example");
        assertThat(resolve(partner).name()).isEqualTo("guest");
    }

    @Test
    void serializesAsTheLoggedInUserContract() throws Exception {
        final String json = io.dropwizard.jackson.Jackson.newObjectMapper().writeValueAsString(resolve(keycloakClaims()));
        assertThat(json).isEqualTo("{\"name\":\"admin-user\",\"email\":\"Admin-User@Data-Sec.example\",\"isAdmin\":true,\"roles\":[\"admin\"]}");
    }

    private void assertRejected(JwtClaims claims, RejectionReason reason) {
        assertThatThrownBy(() -> resolve(claims))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
