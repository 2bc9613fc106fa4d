package io.github.datasec.dwauth.jwt;

/** A token was refused. Carries only the reason: never the token, never a parser's message about it. */
public final class TokenRejectedException extends Exception {
    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
