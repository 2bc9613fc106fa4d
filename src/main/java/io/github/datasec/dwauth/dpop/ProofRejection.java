package io.github.datasec.dwauth.dpop;

/**
 * Why a DPoP request was refused, with the RFC 9449 error code of its challenge. The description is
 * what the client sees; it names the rule, never the proof, the token or their contents.
 */
public enum ProofRejection {
    MISSING_PROOF("invalid_dpop_proof", "DPoP proof required"),
    MULTIPLE_PROOFS("invalid_dpop_proof", "Send exactly one DPoP header"),
    MALFORMED("invalid_dpop_proof", "DPoP proof is malformed"),
    WRONG_TYPE("invalid_dpop_proof", "DPoP proof must have typ dpop+jwt"),
    ALGORITHM_NOT_ALLOWED("invalid_dpop_proof", "DPoP proof algorithm is not accepted"),
    BAD_KEY("invalid_dpop_proof", "DPoP proof must carry a public key in its jwk header"),
    BAD_SIGNATURE("invalid_dpop_proof", "DPoP proof signature is invalid"),
    MISSING_CLAIMS("invalid_dpop_proof", "DPoP proof must have jti, htm, htu and iat"),
    WRONG_METHOD("invalid_dpop_proof", "DPoP proof is for another HTTP method"),
    WRONG_URI("invalid_dpop_proof", "DPoP proof is for another URI"),
    OUTSIDE_TIME_WINDOW("invalid_dpop_proof", "DPoP proof is too old or issued in the future"),
    WRONG_TOKEN_HASH("invalid_dpop_proof", "DPoP proof is for another access token"),
    NONCE_REQUIRED("use_dpop_nonce", "DPoP proof must carry the server's current nonce"),
    KEY_MISMATCH("invalid_dpop_proof", "DPoP proof is signed by another key than the token is bound to"),
    REPLAYED("invalid_dpop_proof", "DPoP proof was already used"),
    REPLAY_CHECK_UNAVAILABLE("invalid_dpop_proof", "DPoP proofs cannot be checked for replay right now; retry later"),
    TOKEN_NOT_BOUND("invalid_token", "Token is not bound to a DPoP key; send it with the Bearer scheme"),
    DPOP_REQUIRED("invalid_token", "DPoP-bound token required");

    private final String error;
    private final String description;

    ProofRejection(String error, String description) {
        this.error = error;
        this.description = description;
    }

    /** The {@code error} parameter of the challenge. */
    public String error() {
        return error;
    }

    public String description() {
        return description;
    }
}
