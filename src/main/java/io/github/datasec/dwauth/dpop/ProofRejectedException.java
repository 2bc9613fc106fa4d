package io.github.datasec.dwauth.dpop;

/** A DPoP request was refused. Carries only the reason: never the proof, never a parser's message about it. */
public final class ProofRejectedException extends Exception {
    private final ProofRejection reason;

    public ProofRejectedException(ProofRejection reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    public ProofRejection reason() {
        return reason;
    }
}
