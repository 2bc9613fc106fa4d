package io.github.datasec.dwauth.auth;

import io.dropwizard.auth.Authenticator;
import io.github.datasec.dwauth.jwt.TokenRejectedException;
import io.github.datasec.dwauth.jwt.TokenVerifier;
import io.github.datasec.dwauth.jwt.VerifiedToken;
import io.github.datasec.dwauth.principal.OidcPrincipal;
import io.github.datasec.dwauth.principal.PrincipalResolver;

import java.util.Optional;
import java.util.Set;

/** Bearer token to principal: the cache first, then verification and principal mapping. */
public final class TokenAuthenticator implements Authenticator<String, OidcPrincipal> {
    private final TokenVerifier verifier;
    private final PrincipalResolver principals;
    private final PrincipalCache cache;
    private final AuthMetrics metrics;

    TokenAuthenticator(TokenVerifier verifier, PrincipalResolver principals, PrincipalCache cache, AuthMetrics metrics) {
        this.verifier = verifier;
        this.principals = principals;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** The caller of a valid token, or the reason it was refused. */
    public OidcPrincipal authenticateOrReject(String token) throws TokenRejectedException {
        final OidcPrincipal cached = cache == null ? null : cache.get(token);
        if (cached != null) {
            metrics.accepted();
            return cached;
        }
        try {
            final VerifiedToken verified = verifier.verify(token);
            final OidcPrincipal principal = principals.resolve(verified.claims());
            if (cache != null) {
                cache.put(token, principal, verified.keyId(), verified.expiresAtEpochSeconds());
            }
            metrics.accepted();
            return principal;
        } catch (TokenRejectedException e) {
            metrics.rejected(e.reason());
            throw e;
        }
    }

    @Override
    public Optional<OidcPrincipal> authenticate(String token) {
        try {
            return Optional.of(authenticateOrReject(token));
        } catch (TokenRejectedException e) {
            return Optional.empty();
        }
    }

    void forgetKeys(Set<String> keyIds) {
        if (cache != null) {
            cache.invalidateKeys(keyIds);
        }
    }

    long cachedEntries() {
        return cache == null ? 0 : cache.size();
    }
}
