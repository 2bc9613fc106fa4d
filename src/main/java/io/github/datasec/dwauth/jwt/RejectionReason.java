package io.github.datasec.dwauth.jwt;

/**
 * Why a token was refused. The description is what the client sees in the 401; it names the rule,
 * never the token or its contents. The order is a precedence: of several claim rules a token breaks,
 * the reason declared first names the refusal ({@link TokenVerifier}), so {@code EXPIRED} comes before
 * the reasons a refresh would not cure.
 */
public enum RejectionReason {
    MISSING("Bearer token required"),
    OVERSIZED("Token is too large"),
    MALFORMED("Token is malformed"),
    ALGORITHM_NOT_ALLOWED("Token algorithm is not accepted"),
    HEADER_NOT_ALLOWED("Token header is not accepted"),
    UNKNOWN_KEY("Token is not signed by a known key"),
    KEYS_UNAVAILABLE("Signing keys are not available"),
    BAD_SIGNATURE("Token signature is invalid"),
    EXPIRED("Token has expired"),
    NOT_YET_VALID("Token is not yet valid"),
    LIFETIME_TOO_LONG("Token lifetime exceeds the allowed maximum"),
    WRONG_ISSUER("Token issuer is not accepted"),
    WRONG_AUDIENCE("Token was issued for another client"),
    WRONG_TOKEN_TYPE("Token type is not accepted"),
    INVALID_CLAIMS("Token claims are invalid"),
    NO_PRINCIPAL("Token does not name a user"),
    DOMAIN_NOT_ALLOWED("User's email domain is not allowed"),
    BOUND_TO_KEY("Token is bound to a DPoP key; send it with the DPoP scheme and a proof");

    private final String description;

    RejectionReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
