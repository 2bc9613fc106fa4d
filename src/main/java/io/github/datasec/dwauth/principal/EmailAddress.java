package io.github.datasec.dwauth.principal;

import java.util.Locale;

/**
 * An address with exactly one '@', lower-cased. A value with two, such as
 * {@code alice@corp.example@evil.test}, is no address: read at the first '@' it would be alice's
 * name in corp.example, at the last a name with an '@' that looks like another person's address.
 */
record EmailAddress(String localPart, String domain) {

    /** The address in a claim value, or null when it has no local part, no domain, or more than one '@'. */
    static EmailAddress parse(String value) {
        final String address = value.trim().toLowerCase(Locale.ROOT);
        final int at = address.indexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@', at + 1) >= 0) {
            return null;
        }
        return new EmailAddress(address.substring(0, at), address.substring(at + 1));
    }

    String address() {
        return localPart + "@" + domain;
    }
}
