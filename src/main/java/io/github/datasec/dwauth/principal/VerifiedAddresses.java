package io.github.datasec.dwauth.principal;

import org.jose4j.jwt.JwtClaims;

import java.util.Set;

/**
 * Which addresses in a token the provider vouches for. Only the {@code email} claim has a
 * verification flag (OIDC Core 5.1), so an address is identity only when it is the {@code email}
 * claim with {@code email_verified: true}, or sits in a claim the operator named in
 * {@code tokenValidation.unverifiedEmailClaims} because the provider guarantees it another way. Users
 * can type an unverified address, or a user name with an '@', to be anyone's.
 */
final class VerifiedAddresses {
    static final String EMAIL_CLAIM = "email";
    static final String EMAIL_VERIFIED_CLAIM = "email_verified";

    private final Set<String> trustedWithoutFlag;

    VerifiedAddresses(Set<String> trustedWithoutFlag) {
        this.trustedWithoutFlag = Set.copyOf(trustedWithoutFlag);
    }

    /** The address the claim holds when the provider vouches for it, otherwise null. */
    EmailAddress of(JwtClaims claims, String claim) {
        if (!(claims.getClaimValue(claim) instanceof String value) || !vouchedFor(claims, claim)) {
            return null;
        }
        return EmailAddress.parse(value);
    }

    /** Whether a value of this claim is an address, and so must be vouched for to be identity. */
    static boolean holdsAddress(String claim, String value) {
        return claim.equals(EMAIL_CLAIM) || value.indexOf('@') >= 0;
    }

    private boolean vouchedFor(JwtClaims claims, String claim) {
        if (trustedWithoutFlag.contains(claim)) {
            return true;
        }
        return claim.equals(EMAIL_CLAIM) && Boolean.TRUE.equals(claims.getClaimValue(EMAIL_VERIFIED_CLAIM));
    }
}
