package io.github.datasec.dwauth.principal;

import java.util.Locale;

/**
 * An address split at its last '@', lower-cased: what follows the last '@' is where mail goes, so
 * {@code alice@corp.example@evil.test} belongs to {@code evil.test}, whatever its local part says.
 */
record EmailAddress(String localPart, String domain) {

    /** The address in a claim value, or null when the value has no local part or no domain. */
    static EmailAddress parse(String value) {
        final String address = value.trim().toLowerCase(Locale.ROOT);
        final int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return null;
        }
        return new EmailAddress(address.substring(0, at), address.substring(at + 1));
    }

    String address() {
        return localPart + "@" + domain;
    }
}
