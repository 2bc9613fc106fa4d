package io.github.datasec.dwauth.jwt;

/** Refuses deeply nested JSON before a parser sees it; real tokens nest three or four levels. */
final class JsonDepth {
    static final int MAX_DEPTH = 16;

    private JsonDepth() {
    }

    static void check(String json) throws TokenRejectedException {
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
}
