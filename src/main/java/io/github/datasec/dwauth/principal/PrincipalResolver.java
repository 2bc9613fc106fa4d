package io.github.datasec.dwauth.principal;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.AuthorizerConfiguration;
import io.github.datasec.dwauth.jwt.RejectionReason;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import org.jose4j.jwt.JwtClaims;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns verified claims into a principal the way OpenMetadata does: the user name is the first
 * present claim of {@code jwtPrincipalClaims} (the part before '@' of an email, lower-cased), or
 * the claims named by {@code jwtPrincipalClaimsMapping}; admins are listed in
 * {@code adminPrincipals}; domains are enforced when asked.
 */
public final class PrincipalResolver {
    private final List<String> principalClaims;
    private final String usernameClaim;
    private final String emailClaim;
    private final Set<String> adminPrincipals;
    private final String principalDomain;
    private final boolean enforceDomain;
    private final Set<String> allowedDomains;
    private final boolean rolesFromProvider;
    private final String clientId;

    public PrincipalResolver(AuthenticationConfiguration authentication, AuthorizerConfiguration authorizer) {
        this.principalClaims = List.copyOf(authentication.getJwtPrincipalClaims());
        final Map<String, String> mapping = authentication.getJwtPrincipalClaimsMapping().stream()
                .map(entry -> entry.split(":", 2))
                .collect(Collectors.toMap(parts -> parts[0].trim(), parts -> parts[1].trim(), (a, b) -> b));
        this.usernameClaim = mapping.get("username");
        this.emailClaim = mapping.get("email");
        this.adminPrincipals = lowerCase(authorizer.getAdminPrincipals());
        this.principalDomain = authorizer.getPrincipalDomain().trim().toLowerCase(Locale.ROOT);
        this.enforceDomain = authorizer.isEnforcePrincipalDomain();
        final Set<String> domains = lowerCase(authorizer.getAllowedDomains());
        if (!principalDomain.isEmpty()) {
            domains.add(principalDomain);
        }
        this.allowedDomains = Set.copyOf(domains);
        this.rolesFromProvider = authorizer.isUseRolesFromProvider();
        this.clientId = authentication.getClientId();
    }

    public OidcPrincipal resolve(JwtClaims claims) throws TokenRejectedException {
        final String name;
        final String email;
        if (usernameClaim != null) {
            name = requiredString(claims, usernameClaim).toLowerCase(Locale.ROOT);
            email = requiredString(claims, emailClaim);
            if (email.indexOf('@') <= 0) {
                throw new TokenRejectedException(RejectionReason.NO_PRINCIPAL);
            }
        } else {
            final String value = firstPresentClaim(claims);
            final int at = value.indexOf('@');
            name = (at > 0 ? value.substring(0, at) : value).toLowerCase(Locale.ROOT);
            email = at > 0 ? value : emailFor(claims, name);
        }
        if (enforceDomain && !allowedDomains.contains(domainOf(email))) {
            throw new TokenRejectedException(RejectionReason.DOMAIN_NOT_ALLOWED);
        }
        final Set<String> roles = rolesFromProvider ? providerRoles(claims) : new HashSet<>();
        final boolean admin = adminPrincipals.contains(name) || roles.contains(OidcPrincipal.ADMIN_ROLE);
        if (admin) {
            roles.add(OidcPrincipal.ADMIN_ROLE);
        }
        return new OidcPrincipal(name, email, stringOrNull(claims.getClaimValue("sub")), roles, admin);
    }

    private String firstPresentClaim(JwtClaims claims) throws TokenRejectedException {
        for (String claim : principalClaims) {
            if (claims.hasClaim(claim)) {
                return requiredString(claims, claim);
            }
        }
        throw new TokenRejectedException(RejectionReason.NO_PRINCIPAL);
    }

    private String emailFor(JwtClaims claims, String name) {
        final String claimed = stringOrNull(claims.getClaimValue("email"));
        if (claimed != null && claimed.indexOf('@') > 0) {
            return claimed;
        }
        return principalDomain.isEmpty() ? "" : name + "@" + principalDomain;
    }

    private Set<String> providerRoles(JwtClaims claims) {
        final Set<String> roles = new HashSet<>();
        addRoles(claims.getClaimValue("realm_access"), roles);
        if (claims.getClaimValue("resource_access") instanceof Map<?, ?> resources) {
            addRoles(resources.get(clientId), roles);
        }
        return roles;
    }

    private static void addRoles(Object access, Set<String> into) {
        if (access instanceof Map<?, ?> map && map.get("roles") instanceof List<?> roles) {
            for (Object role : roles) {
                if (role instanceof String text && !text.isBlank()) {
                    into.add(text);
                }
            }
        }
    }

    private static String requiredString(JwtClaims claims, String claim) throws TokenRejectedException {
        if (claims.getClaimValue(claim) instanceof String text && !text.isBlank()) {
            return text.trim();
        }
        throw new TokenRejectedException(RejectionReason.NO_PRINCIPAL);
    }

    private static String stringOrNull(Object value) {
        return value instanceof String text ? text : null;
    }

    private static String domainOf(String email) {
        final int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static Set<String> lowerCase(Set<String> values) {
        final Set<String> lower = new HashSet<>();
        values.forEach(value -> lower.add(value.trim().toLowerCase(Locale.ROOT)));
        return lower;
    }
}
