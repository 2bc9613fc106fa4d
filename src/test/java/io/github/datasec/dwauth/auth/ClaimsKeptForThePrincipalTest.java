package io.github.datasec.dwauth.auth;

import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.support.IssuerAuthentication;
import io.github.datasec.dwauth.testing.issuer.InProcessIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier keeps only the claims something reads. These cases go through the whole chain with
 * configurations that read claims beyond the defaults, so that a claim the principal needs and the
 * verifier skipped would show as a missing name or role.
 */
class ClaimsKeptForThePrincipalTest {
    private static InProcessIssuer issuer;

    @BeforeAll
    static void start() {
        issuer = InProcessIssuer.create().start();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void rolesFromTheProviderReachThePrincipal() throws Exception {
        final AuthorizerConfiguration authorizer = IssuerAuthentication.issuerDomainAuthorizer().setUseRolesFromProvider(true);
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, authorizer)) {
            final OidcPrincipal principal = bundle.accept(issuer.token().username("ada").realmRoles("admin", "steward").clientRoles("editor").sign());
            assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "steward", "editor");
            assertThat(principal.admin()).isTrue();
        }
    }

    @Test
    void aCustomPrincipalClaimNamesThePrincipal() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer,
                config -> config.setJwtPrincipalClaims(List.of("upn", "sub")))) {
            final OidcPrincipal principal = bundle.accept(issuer.token().username("ignored").claim("upn", "Grace").sign());
            assertThat(principal.getName()).isEqualTo("grace");
        }
    }

    @Test
    void mappedUsernameAndEmailClaimsNameThePrincipal() throws Exception {
        try (IssuerAuthentication bundle = IssuerAuthentication.against(issuer, config -> {
            config.setJwtPrincipalClaimsMapping(List.of("username:login", "email:mail"));
            config.getTokenValidation().setUnverifiedEmailClaims(List.of("mail"));
        })) {
            final OidcPrincipal principal = bundle.accept(issuer.token().username("ignored")
                    .claim("login", "Linus").claim("mail", "linus@example.com").sign());
            assertThat(principal.getName()).isEqualTo("linus");
            assertThat(principal.email()).isEqualTo("linus@example.com");
        }
    }
}
