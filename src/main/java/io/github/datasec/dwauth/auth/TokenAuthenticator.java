package io.github.datasec.dwauth.auth;

import io.dropwizard.auth.Authenticator;
import io.github.datasec.dwauth.jwt.RejectionReason;
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

    /**
     * The caller of a valid bearer token, or the reason it was refused. A token bound to a DPoP key
     * is refused here: without a proof of the key it is as good as stolen (RFC 9449 section 7.1).
     */
    public OidcPrincipal authenticateOrReject(String token) throws TokenRejectedException {
        final BoundPrincipal caller = verifyOrReject(token);
        if (caller.isBound()) {
            metrics.rejected(RejectionReason.BOUND_TO_KEY);
            throw new TokenRejectedException(RejectionReason.BOUND_TO_KEY);
        }
        metrics.accepted();
        return caller.principal();
    }

    /**
     * The caller of a valid token together with the key it is bound to. Not yet counted as accepted:
     * the caller must prove the binding first, then {@link #countAccepted()}.
     */
    BoundPrincipal verifyOrReject(String token) throws TokenRejectedException {
        final BoundPrincipal cached = cache == null ? null : cache.lookup(token);
        if (cached != null) {
            return cached;
        }
        final long retirementsBefore = cache == null ? 0 : cache.retirements();
        try {
            final VerifiedToken verified = verifier.verify(token);
            final BoundPrincipal caller = new BoundPrincipal(principals.resolve(verified.claims()), verified.boundKeyThumbprint());
            if (cache != null) {
                cache.put(token, caller, verified.keyId(), verified.expiresAtEpochSeconds(), retirementsBefore);
            }
            return caller;
        } catch (TokenRejectedException e) {
            metrics.rejected(e.reason());
            throw e;
        }
    }

    void countAccepted() {
        metrics.accepted();
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
