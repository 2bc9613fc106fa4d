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
    private final AuthorizerConfiguration authorizer = new AuthorizerConfiguration()
            .setAdminPrincipals(Set.of("admin-user")).setPrincipalDomain("data-sec.example");
    private static final String SUBJECT = "5f1c7a4e-0000-4000-8000-000000000001";

    private static JwtClaims keycloakClaims() {
        final JwtClaims claims = new JwtClaims();
        claims.setSubject(SUBJECT);
        claims.setClaim("preferred_username", "admin-user");
        claims.setClaim("email", "Admin-User@Data-Sec.example");
        claims.setClaim("email_verified", true);
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
    void takesTheNameFromTheLocalPartOfAVerifiedEmailInThePrincipalDomainLikeOpenMetadata() throws Exception {
        final OidcPrincipal principal = resolve(keycloakClaims());
        assertThat(principal.name()).isEqualTo("admin-user");
        assertThat(principal.email()).isEqualTo("admin-user@data-sec.example");
        assertThat(principal.subject()).isEqualTo(SUBJECT);
    }

    @Test
    void keepsAVerifiedEmailOfAnotherDomainWhole() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "alice@elsewhere.test");
        assertThat(resolve(claims).name()).isEqualTo("alice@elsewhere.test");
    }

    @Test
    void takesTheLocalPartForAnyAllowedDomainToo() throws Exception {
        authorizer.setAllowedDomains(Set.of("partner.example"));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "guest@partner.example");
        assertThat(resolve(claims).name()).isEqualTo("guest");
    }

    @Test
    void keepsEveryEmailWholeWhenNoPrincipalDomainIsConfigured() throws Exception {
        authorizer.setPrincipalDomain("");
        assertThat(resolve(keycloakClaims()).name()).isEqualTo("admin-user@data-sec.example");
    }

    @Test
    void doesNotMakeAdminOfAnEmailEditedToTheAdminNameInAnotherDomain() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("preferred_username", "mallory");
        claims.setClaim("email", "admin-user@any-domain-they-like.test");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo("admin-user@any-domain-they-like.test");
        assertThat(principal.admin()).isFalse();
    }

    @Test
    void skipsAVerifiedEmailWithMoreThanOneAtSign() throws Exception {
        for (String email : List.of("admin-user@data-sec.example@evil.test", "admin-user@evil.test@data-sec.example")) {
            final JwtClaims claims = keycloakClaims();
            claims.setClaim("preferred_username", "mallory");
            claims.setClaim("email", email);
            final OidcPrincipal principal = resolve(claims);
            assertThat(principal.name()).isEqualTo("mallory");
            assertThat(principal.email()).isEmpty();
            assertThat(principal.admin()).isFalse();
        }
    }

    @Test
    void skipsAnUnverifiedEmailForTheNextPrincipalClaim() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("preferred_username", "mallory");
        claims.setClaim("email_verified", false);
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo("mallory");
        assertThat(principal.email()).isEmpty();
        assertThat(principal.admin()).isFalse();
    }

    @Test
    void countsOnlyTheJsonTrueAsVerified() throws Exception {
        final JwtClaims quoted = keycloakClaims();
        quoted.setClaim("preferred_username", "mallory");
        quoted.setClaim("email_verified", "true");
        assertThat(resolve(quoted).name()).isEqualTo("mallory");
        final JwtClaims absent = keycloakClaims();
        absent.setClaim("preferred_username", "mallory");
        absent.unsetClaim("email_verified");
        assertThat(resolve(absent).name()).isEqualTo("mallory");
    }

    @Test
    void usesAnUnverifiedEmailWhenTheOperatorNamesItsClaim() throws Exception {
        authentication.getTokenValidation().setUnverifiedEmailClaims(List.of("email"));
        final JwtClaims claims = keycloakClaims();
        claims.unsetClaim("email_verified");
        assertThat(resolve(claims).name()).isEqualTo("admin-user");
    }

    @Test
    void neverTakesTheLocalPartOfAUserNameWithAnAtSign() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.unsetClaim("email");
        claims.setClaim("preferred_username", "admin-user@data-sec.example");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo(SUBJECT);
        assertThat(principal.admin()).isFalse();
    }

    @Test
    void givesDistinctNamesToUsersThatNaiveLocalPartNamingWouldMerge() throws Exception {
        final JwtClaims owner = keycloakClaims();
        owner.setClaim("email", "alice@data-sec.example");
        owner.setClaim("preferred_username", "alice");
        final JwtClaims otherDomain = keycloakClaims();
        otherDomain.setSubject("5f1c7a4e-0000-4000-8000-000000000002");
        otherDomain.setClaim("email", "alice@elsewhere.test");
        otherDomain.setClaim("preferred_username", "alice2");
        final JwtClaims unverified = keycloakClaims();
        unverified.setSubject("5f1c7a4e-0000-4000-8000-000000000003");
        unverified.setClaim("email", "alice@data-sec.example");
        unverified.setClaim("email_verified", false);
        unverified.setClaim("preferred_username", "alice3");
        final JwtClaims atSignUsername = keycloakClaims();
        atSignUsername.setSubject("5f1c7a4e-0000-4000-8000-000000000004");
        atSignUsername.unsetClaim("email");
        atSignUsername.setClaim("preferred_username", "alice@data-sec.example");
        assertThat(List.of(resolve(owner).name(), resolve(otherDomain).name(), resolve(unverified).name(), resolve(atSignUsername).name()))
                .containsExactly("alice", "alice@elsewhere.test", "alice3", "5f1c7a4e-0000-4000-8000-000000000004");
    }

    @Test
    void keepsTheCaseOfASubjectUsedAsName() throws Exception {
        authentication.setJwtPrincipalClaims(List.of("sub"));
        final JwtClaims claims = keycloakClaims();
        claims.setSubject("00uAbC");
        assertThat(resolve(claims).name()).isEqualTo("00uAbC");
    }

    @Test
    void makesAdminOfAFullEmailOnlyWhenItIsVerified() throws Exception {
        authorizer.setAdminPrincipals(Set.of("Boss@Elsewhere.test"));
        final JwtClaims verified = keycloakClaims();
        verified.setClaim("email", "boss@elsewhere.test");
        assertThat(resolve(verified).admin()).isTrue();
        final JwtClaims unverified = keycloakClaims();
        unverified.setClaim("email", "boss@elsewhere.test");
        unverified.setClaim("email_verified", false);
        assertThat(resolve(unverified).admin()).isFalse();
    }

    @Test
    void makesAdminOfASubjectWhateverItsEmail() throws Exception {
        authorizer.setAdminPrincipals(Set.of(SUBJECT));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email", "someone@elsewhere.test");
        assertThat(resolve(claims).admin()).isTrue();
        final JwtClaims otherSubject = keycloakClaims();
        otherSubject.setSubject("5f1c7a4e-0000-4000-8000-000000000009");
        assertThat(resolve(otherSubject).admin()).isFalse();
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
    void fallsBackToTheNextClaimInOrderWithoutMakingUpAnEmail() throws Exception {
        final JwtClaims claims = keycloakClaims();
        claims.unsetClaim("email");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo("admin-user");
        assertThat(principal.email()).isEmpty();
    }

    @Test
    void usesTheClaimsMappingWhenGiven() throws Exception {
        authentication.setJwtPrincipalClaimsMapping(List.of("username:preferred_username", "email:email"));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("preferred_username", "Someone");
        final OidcPrincipal principal = resolve(claims);
        assertThat(principal.name()).isEqualTo("someone");
        assertThat(principal.email()).isEqualTo("admin-user@data-sec.example");
    }

    @Test
    void rejectsAnUnverifiedMappedEmail() {
        authentication.setJwtPrincipalClaimsMapping(List.of("username:preferred_username", "email:email"));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email_verified", false);
        assertRejected(claims, RejectionReason.NO_PRINCIPAL);
    }

    @Test
    void rejectsAMappedUserNameWithAnAtSignThatNoProviderVouchesFor() {
        authentication.setJwtPrincipalClaimsMapping(List.of("username:preferred_username", "email:email"));
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("preferred_username", "admin-user@data-sec.example");
        assertRejected(claims, RejectionReason.NO_PRINCIPAL);
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
    void refusesATokenWithoutEmailWhenTheDomainIsEnforced() {
        authorizer.setEnforcePrincipalDomain(true);
        final JwtClaims claims = keycloakClaims();
        claims.unsetClaim("email");
        assertRejected(claims, RejectionReason.DOMAIN_NOT_ALLOWED);
    }

    @Test
    void refusesAnUnverifiedEmailInTheDomainWhenTheDomainIsEnforced() {
        authorizer.setEnforcePrincipalDomain(true);
        final JwtClaims claims = keycloakClaims();
        claims.setClaim("email_verified", false);
        assertRejected(claims, RejectionReason.DOMAIN_NOT_ALLOWED);
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
        assertThat(json).isEqualTo("{\"name\":\"admin-user\",\"email\":\"admin-user@data-sec.example\",\"isAdmin\":true,\"roles\":[\"admin\"]}");
    }

    private void assertRejected(JwtClaims claims, RejectionReason reason) {
        assertThatThrownBy(() -> resolve(claims))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
