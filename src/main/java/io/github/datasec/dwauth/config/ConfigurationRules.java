package io.github.datasec.dwauth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every rule the configuration must satisfy beyond its field annotations, in one place. Used by
 * Dropwizard's validation at startup and by the bundle itself, so a configuration built in code
 * is held to the same rules.
 */
public final class ConfigurationRules {
    /** Asymmetric algorithms only: an HMAC algorithm would treat the public key as a shared secret. */
    public static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");
    /** What a DPoP proof may be signed with: RFC 9449 allows asymmetric algorithms only. */
    public static final Set<String> DPOP_ALGORITHMS = Set.of(
            "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");
    private static final Set<String> MAPPING_KEYS = Set.of("username", "email");
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private ConfigurationRules() {
    }

    public static List<ConfigurationProblem> check(AuthenticationConfiguration config) {
        final List<ConfigurationProblem> problems = new ArrayList<>();
        if (config.getProvider() != null && !config.getProvider().isOidc()) {
            problems.add(new ConfigurationProblem("provider", "'" + config.getProvider().value()
                    + "' is not implemented by this bundle, which verifies OIDC bearer tokens;"
                    + " use custom-oidc (Keycloak), google, okta, auth0, azure or aws-cognito"));
        }
        checkPublicKeyUrls(config, problems);
        checkAuthority(config.getAuthority(), insecureHttpAllowed(config), problems);
        if (config.getClientId() == null || config.getClientId().isBlank()) {
            problems.add(new ConfigurationProblem("clientId",
                    "must not be empty: tokens are accepted only when azp or aud names this client"));
        }
        checkAlgorithm(config.getTokenValidationAlgorithm(), problems);
        if (config.getCallbackUrl() != null && !config.getCallbackUrl().isEmpty()
                && httpUri(config.getCallbackUrl()) == null) {
            problems.add(new ConfigurationProblem("callbackUrl", "must be an absolute http(s) URL"));
        }
        checkPrincipalClaims(config, problems);
        ConfidentialClientRules.check(config, problems);
        final JwksConfiguration jwks = config.getJwks();
        if (jwks != null && jwks.getMinCacheDuration() != null && jwks.getMaxCacheDuration() != null
                && jwks.getMinCacheDuration().compareTo(jwks.getMaxCacheDuration()) > 0) {
            problems.add(new ConfigurationProblem("jwks.minCacheDuration", "must not exceed jwks.maxCacheDuration"));
        }
        checkDpop(config.getDpop(), problems);
        return problems;
    }

    public static List<ConfigurationProblem> check(AuthorizerConfiguration config) {
        final List<ConfigurationProblem> problems = new ArrayList<>();
        if (config.isEnforcePrincipalDomain() && config.getPrincipalDomain().isBlank() && config.getAllowedDomains().isEmpty()) {
            problems.add(new ConfigurationProblem("enforcePrincipalDomain",
                    "is true but neither principalDomain nor allowedDomains names a domain"));
        }
        if (config.getAdminPrincipals().stream().anyMatch(name -> name == null || name.isBlank())) {
            problems.add(new ConfigurationProblem("adminPrincipals", "must not contain empty names"));
        }
        return problems;
    }

    /** Throws naming every problem; for configurations that did not pass through Dropwizard's validation. */
    public static void requireValid(AuthenticationConfiguration authentication, AuthorizerConfiguration authorizer) {
        final List<String> messages = new ArrayList<>();
        check(authentication).forEach(p -> messages.add("authenticationConfiguration." + p));
        check(authorizer).forEach(p -> messages.add("authorizerConfiguration." + p));
        if (!messages.isEmpty()) {
            throw new IllegalArgumentException("Invalid authentication configuration: " + String.join("; ", messages));
        }
    }

    /** Loopback hosts may use plain http; nothing else may unless explicitly permitted. */
    public static boolean isLoopback(URI uri) {
        final String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        // An IPv4 literal in 127/8 only: a name such as 127.example.com is anyone's host.
        return host.equals("localhost") || LOOPBACK_IPV4.matcher(host).matches() || host.equals("[::1]") || host.equals("::1");
    }

    /** The value as an absolute http(s) URI with a host and no user info; null for anything else. */
    public static URI httpUri(String value) {
        try {
            final URI uri = new URI(value.trim());
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return uri;
            }
            return null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void checkPublicKeyUrls(AuthenticationConfiguration config, List<ConfigurationProblem> problems) {
        final List<String> urls = config.getPublicKeyUrls();
        if (urls == null || urls.isEmpty()) {
            problems.add(new ConfigurationProblem("publicKeyUrls",
                    "must name at least one JWKS URL, e.g. http://localhost:8081/realms/data-sec/protocol/openid-connect/certs"));
            return;
        }
        final boolean insecureAllowed = insecureHttpAllowed(config);
        for (int i = 0; i < urls.size(); i++) {
            final String field = "publicKeyUrls[" + i + "]";
            final URI uri = urls.get(i) == null ? null : httpUri(urls.get(i));
            if (uri == null) {
                problems.add(new ConfigurationProblem(field, "is not an absolute http(s) URL: '" + urls.get(i) + "'"));
            } else {
                requireTls(field, uri, insecureAllowed, problems);
            }
        }
    }

    /** The one opt-out from TLS, for every URL the server talks to or trusts: {@code jwks.allowInsecureHttp}. */
    static boolean insecureHttpAllowed(AuthenticationConfiguration config) {
        return config.getJwks() != null && config.getJwks().isAllowInsecureHttp();
    }

    /** True when {@code uri} is plain http to a host other than loopback: whoever is on the path can read or change what it carries. */
    public static boolean isPlainHttpBeyondLoopback(URI uri) {
        return uri.getScheme().equalsIgnoreCase("http") && !isLoopback(uri);
    }

    static void requireTls(String field, URI uri, boolean insecureAllowed, List<ConfigurationProblem> problems) {
        if (isPlainHttpBeyondLoopback(uri) && !insecureAllowed) {
            problems.add(new ConfigurationProblem(field, "uses plain http for a host other than loopback ('"
                    + uri.getHost() + "'); use https, or set jwks.allowInsecureHttp: true on a trusted network"));
        }
    }

    private static void checkAuthority(String authority, boolean insecureAllowed, List<ConfigurationProblem> problems) {
        if (authority == null || authority.isBlank()) {
            problems.add(new ConfigurationProblem("authority",
                    "must not be empty: it is the exact issuer (iss) of accepted tokens, e.g. http://localhost:8081/realms/data-sec"));
            return;
        }
        final URI uri = httpUri(authority);
        if (uri == null) {
            problems.add(new ConfigurationProblem("authority", "is not an absolute http(s) URL: '" + authority + "'"));
        } else {
            // The login page sends users to the authority to sign in; over plain http their passwords and tokens travel in clear.
            requireTls("authority", uri, insecureAllowed, problems);
        }
    }

    private static void checkAlgorithm(String algorithm, List<ConfigurationProblem> problems) {
        if (algorithm != null && ALLOWED_ALGORITHMS.contains(algorithm)) {
            return;
        }
        final String upper = algorithm == null ? "" : algorithm.toUpperCase(Locale.ROOT);
        final String why = upper.startsWith("HS") ? " (HMAC would use the public key as a shared secret)"
                : upper.equals("NONE") ? " (unsigned tokens are never accepted)" : "";
        problems.add(new ConfigurationProblem("tokenValidationAlgorithm", "'" + algorithm + "' is not allowed" + why
                + "; use one of RS256, RS384, RS512, ES256, ES384, ES512"));
    }

    private static void checkDpop(DpopConfiguration dpop, List<ConfigurationProblem> problems) {
        if (dpop == null) {
            return;
        }
        for (String algorithm : dpop.getAlgorithms()) {
            if (!DPOP_ALGORITHMS.contains(algorithm)) {
                problems.add(new ConfigurationProblem("dpop.algorithms", "'" + algorithm
                        + "' is not allowed for DPoP proofs; use asymmetric ones: " + String.join(", ", new TreeSet<>(DPOP_ALGORITHMS))));
            }
        }
        final String base = dpop.getPublicBaseUrl();
        if (base != null && !base.isEmpty()) {
            final URI uri = httpUri(base);
            if (uri == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(new ConfigurationProblem("dpop.publicBaseUrl",
                        "must be an absolute http(s) URL without query or fragment, e.g. https://api.example.com"));
            }
        }
    }

    private static void checkPrincipalClaims(AuthenticationConfiguration config, List<ConfigurationProblem> problems) {
        final List<String> mapping = config.getJwtPrincipalClaimsMapping();
        if (mapping.isEmpty() && (config.getJwtPrincipalClaims().isEmpty()
                || config.getJwtPrincipalClaims().stream().anyMatch(c -> c == null || c.isBlank()))) {
            problems.add(new ConfigurationProblem("jwtPrincipalClaims", "must list at least one claim and no empty names"));
        }
        if (mapping.isEmpty()) {
            return;
        }
        final Set<String> seen = new java.util.HashSet<>();
        for (String entry : mapping) {
            final int colon = entry == null ? -1 : entry.indexOf(':');
            final String key = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (colon < 0 || !MAPPING_KEYS.contains(key) || entry.substring(colon + 1).isBlank()) {
                problems.add(new ConfigurationProblem("jwtPrincipalClaimsMapping",
                        "entries must look like username:<claim> or email:<claim>, got '" + entry + "'"));
                return;
            }
            seen.add(key);
        }
        if (!seen.containsAll(MAPPING_KEYS)) {
            problems.add(new ConfigurationProblem("jwtPrincipalClaimsMapping", "must map both username and email"));
        }
    }
}
