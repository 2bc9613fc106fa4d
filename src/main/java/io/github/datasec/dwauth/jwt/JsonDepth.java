package io.github.datasec.dwauth.jwt;

/** Refuses deeply nested JSON before a parser sees it; real tokens nest three or four levels. */
final class JsonDepth {
    static final int MAX_DEPTH = 16;

    private JsonDepth() {
    }

    static void check(String json) throws TokenRejectedException {
        // Nesting can never be deeper than the number of '{' and '[' (some may even sit in strings);
        // counting them with the JIT's vectorized indexOf spares real tokens the walk below.
        if (count(json, '{') + count(json, '[') <= MAX_DEPTH) {
            return;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            final char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new TokenRejectedException(RejectionReason.MALFORMED);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    /** Occurrences of {@code c}, counted only up to one more than {@link #MAX_DEPTH}. */
    private static int count(String json, char c) {
        int found = 0;
        for (int i = json.indexOf(c); i >= 0 && found <= MAX_DEPTH; i = json.indexOf(c, i + 1)) {
            found++;
        }
        return found;
    }
}
