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
 * Turns verified claims into a principal with OpenMetadata's naming, made safe against claims the
 * user controls. The name is the first usable claim of {@code jwtPrincipalClaims} (or the claims
 * named by {@code jwtPrincipalClaimsMapping}):
 * <ul>
 *   <li>an address counts only when the provider vouches for it ({@link VerifiedAddresses}); an
 *       unverified one is skipped, so the next claim of the list decides;</li>
 *   <li>a vouched address gives its local part only in {@code principalDomain} or one of
 *       {@code allowedDomains}, and stays whole in any other domain, so {@code alice@elsewhere.test}
 *       never becomes {@code alice};</li>
 *   <li>any other value is the name as it is, lower-cased except {@code sub}, which some providers
 *       spell with both cases.</li>
 * </ul>
 * Admins are matched by {@link AdminPrincipals}; domains are enforced against the vouched email only.
 */
public final class PrincipalResolver {
    private static final String SUBJECT_CLAIM = "sub";
    private static final String REALM_ACCESS_CLAIM = "realm_access";
    private static final String RESOURCE_ACCESS_CLAIM = "resource_access";

    private final List<String> principalClaims;
    private final String usernameClaim;
    private final String emailClaim;
    private final VerifiedAddresses addresses;
    private final AdminPrincipals adminPrincipals;
    private final Set<String> principalDomains;
    private final boolean enforceDomain;
    private final boolean rolesFromProvider;
    private final String clientId;
    private final Set<String> claimNames;

    public PrincipalResolver(AuthenticationConfiguration authentication, AuthorizerConfiguration authorizer) {
        this.principalClaims = List.copyOf(authentication.getJwtPrincipalClaims());
        final Map<String, String> mapping = authentication.getJwtPrincipalClaimsMapping().stream()
                .map(entry -> entry.split(":", 2))
                .collect(Collectors.toMap(parts -> parts[0].trim(), parts -> parts[1].trim(), (a, b) -> b));
        this.usernameClaim = mapping.get("username");
        this.emailClaim = mapping.get("email");
        this.addresses = new VerifiedAddresses(Set.copyOf(authentication.getTokenValidation().getUnverifiedEmailClaims()));
        this.adminPrincipals = new AdminPrincipals(authorizer.getAdminPrincipals());
        final Set<String> domains = lowerCase(authorizer.getAllowedDomains());
        final String principalDomain = authorizer.getPrincipalDomain().trim().toLowerCase(Locale.ROOT);
        if (!principalDomain.isEmpty()) {
            domains.add(principalDomain);
        }
        this.principalDomains = Set.copyOf(domains);
        this.enforceDomain = authorizer.isEnforcePrincipalDomain();
        this.rolesFromProvider = authorizer.isUseRolesFromProvider();
        this.clientId = authentication.getClientId();
        final Set<String> read = new HashSet<>(principalClaims);
        if (usernameClaim != null) {
            read.add(usernameClaim);
        }
        if (emailClaim != null) {
            read.add(emailClaim);
        }
        read.addAll(List.of(SUBJECT_CLAIM, VerifiedAddresses.EMAIL_CLAIM, VerifiedAddresses.EMAIL_VERIFIED_CLAIM));
        if (rolesFromProvider) {
            read.addAll(List.of(REALM_ACCESS_CLAIM, RESOURCE_ACCESS_CLAIM));
        }
        this.claimNames = Set.copyOf(read);
    }

    /** Every claim {@link #resolve} may read: a verifier need keep no other. */
    public Set<String> claimNames() {
        return claimNames;
    }

    public OidcPrincipal resolve(JwtClaims claims) throws TokenRejectedException {
        final Identity identity = usernameClaim != null ? mappedIdentity(claims) : listedIdentity(claims);
        if (enforceDomain && (identity.email() == null || !principalDomains.contains(identity.email().domain()))) {
            throw new TokenRejectedException(RejectionReason.DOMAIN_NOT_ALLOWED);
        }
        final String email = identity.email() == null ? "" : identity.email().address();
        final String subject = claims.getClaimValue(SUBJECT_CLAIM) instanceof String text ? text : null;
        final Set<String> roles = rolesFromProvider ? providerRoles(claims) : new HashSet<>();
        final boolean admin = adminPrincipals.includes(identity.name(), email, subject) || roles.contains(OidcPrincipal.ADMIN_ROLE);
        if (admin) {
            roles.add(OidcPrincipal.ADMIN_ROLE);
        }
        return new OidcPrincipal(identity.name(), email, subject, roles, admin);
    }

    /** A name and the vouched email that goes with it, if any. */
    private record Identity(String name, EmailAddress email) {
    }

    private Identity listedIdentity(JwtClaims claims) throws TokenRejectedException {
        for (String claim : principalClaims) {
            if (!claims.hasClaim(claim)) {
                continue;
            }
            final String value = requiredString(claims, claim);
            if (!VerifiedAddresses.holdsAddress(claim, value)) {
                return new Identity(plainName(claim, value), addresses.of(claims, VerifiedAddresses.EMAIL_CLAIM));
            }
            final EmailAddress address = addresses.of(claims, claim);
            if (address != null) {
                return new Identity(nameOf(address), address);
            }
        }
        throw new TokenRejectedException(RejectionReason.NO_PRINCIPAL);
    }

    private Identity mappedIdentity(JwtClaims claims) throws TokenRejectedException {
        final String username = requiredString(claims, usernameClaim);
        final EmailAddress email = vouchedAddress(claims, emailClaim);
        if (!VerifiedAddresses.holdsAddress(usernameClaim, username)) {
            return new Identity(plainName(usernameClaim, username), email);
        }
        return new Identity(nameOf(vouchedAddress(claims, usernameClaim)), email);
    }

    private EmailAddress vouchedAddress(JwtClaims claims, String claim) throws TokenRejectedException {
        requiredString(claims, claim);
        final EmailAddress address = addresses.of(claims, claim);
        if (address == null) {
            throw new TokenRejectedException(RejectionReason.NO_PRINCIPAL);
        }
        return address;
    }

    private String nameOf(EmailAddress address) {
        return principalDomains.contains(address.domain()) ? address.localPart() : address.address();
    }

    private static String plainName(String claim, String value) {
        return claim.equals(SUBJECT_CLAIM) ? value : value.toLowerCase(Locale.ROOT);
    }

    private Set<String> providerRoles(JwtClaims claims) {
        final Set<String> roles = new HashSet<>();
        addRoles(claims.getClaimValue(REALM_ACCESS_CLAIM), roles);
        if (claims.getClaimValue(RESOURCE_ACCESS_CLAIM) instanceof Map<?, ?> resources) {
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

    private static Set<String> lowerCase(Set<String> values) {
        final Set<String> lower = new HashSet<>();
        values.forEach(value -> lower.add(value.trim().toLowerCase(Locale.ROOT)));
        return lower;
    }
}
