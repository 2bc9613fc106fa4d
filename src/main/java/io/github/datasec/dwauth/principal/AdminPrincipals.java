package io.github.datasec.dwauth.principal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code adminPrincipals} list. An entry with an '@' names a full email and matches only an
 * address the provider vouches for; any other entry matches the principal's name or, exactly as
 * written, the token's {@code sub}, which the provider assigns and nobody can edit.
 */
final class AdminPrincipals {
    private final Set<String> emails = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> subjects = new HashSet<>();

    AdminPrincipals(Set<String> entries) {
        for (String entry : entries) {
            final String trimmed = entry.trim();
            if (trimmed.indexOf('@') >= 0) {
                emails.add(trimmed.toLowerCase(Locale.ROOT));
            } else {
                names.add(trimmed.toLowerCase(Locale.ROOT));
                subjects.add(trimmed);
            }
        }
    }

    /** Whether the caller is an admin; {@code verifiedEmail} is empty when the token vouches for none. */
    boolean includes(String name, String verifiedEmail, String subject) {
        return names.contains(name)
                || (!verifiedEmail.isEmpty() && emails.contains(verifiedEmail))
                || (subject != null && subjects.contains(subject));
    }
}
