package io.github.datasec.dwauth.jwt;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * One rule on the claims of a token whose signature holds. {@link TokenVerifier} lists them all and runs each one on
 * every token, against one reading of the clock.
 */
@FunctionalInterface
interface ClaimValidator {
    /**
     * Why the claims break this rule, or null when they keep it. A claim of the wrong type throws
     * {@link MalformedClaimException}, as jose4j's typed getters do, and a date that overflows
     * {@link ArithmeticException}; the verifier refuses the token as {@link RejectionReason#INVALID_CLAIMS} for
     * these and for any other exception.
     */
    RejectionReason validate(JwtClaims claims, long nowEpochSeconds) throws MalformedClaimException;
}
