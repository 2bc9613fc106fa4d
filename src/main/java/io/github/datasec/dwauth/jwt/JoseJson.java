package io.github.datasec.dwauth.jwt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Reads a token's header or claims in one pass over the decoded bytes, with the limits a token's
 * JSON must meet: a single object, strict RFC 8259 syntax in UTF-8 (no byte-order mark, no
 * overlong or surrogate encodings), no duplicate member names at any depth (a parser that kept the
 * last one would see an attacker's second {@code iss}), nothing after it, nesting no deeper than
 * {@link #MAX_DEPTH}, numbers of at most {@link #MAX_NUMBER_LENGTH} characters. Members nobody
 * reads are held to the same rules but skipped, not turned into objects. Values come out as jose4j's
 * own parser gives them (Long, Double, BigInteger, String, Boolean, null, List, Map), so that
 * jose4j's claim validators read them the same way.
 *
 * <p>Written here rather than taken from Jackson because a general parser's set-up and symbol
 * table cost more than the whole share of a verification this reader is allowed; {@code
 * JoseJsonTest} holds it to Jackson's strict reading on generated and mutated documents.
 */
final class JoseJson {
    /** Real tokens nest three or four levels. */
    static final int MAX_DEPTH = 16;
    /** Jackson's default limit, kept when Jackson stopped reading tokens here. */
    static final int MAX_NUMBER_LENGTH = 1000;
    /** Beyond this many members an object's names go into a hash set: a header is read before any signature holds. */
    private static final int FEW_NAMES = 32;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int NAME_TABLE_BITS = 8;
    private static final KnownName[] NAME_TABLE = new KnownName[1 << NAME_TABLE_BITS];
    private static final Predicate<String> ALL = name -> true;
    private static final Predicate<String> NONE = name -> false;
    private static final BiConsumer<String, Object> DISCARD = (name, value) -> { };

    private final byte[] json;
    private int at;

    private JoseJson(byte[] json) {
        this.json = json;
    }

    static Map<String, Object> object(byte[] json) throws TokenRejectedException {
        final Map<String, Object> members = new LinkedHashMap<>();
        readObject(json, ALL, members::put);
        return members;
    }

    /**
     * Reads the members that {@code wanted} names straight into a sink (jose4j's claims), so that they are not
     * copied there, and skips the others.
     */
    static void readObject(byte[] json, Predicate<String> wanted, BiConsumer<String, Object> sink) throws TokenRejectedException {
        final JoseJson reader = new JoseJson(json);
        reader.whitespace();
        reader.expect('{');
        reader.members(1, wanted, sink);
        reader.whitespace();
        if (reader.at != json.length) {
            throw malformed();
        }
    }

    /** The members of an object whose '{' was just read, at nesting {@code depth}, through its '}'. */
    private void members(int depth, Predicate<String> wanted, BiConsumer<String, Object> sink) throws TokenRejectedException {
        whitespace();
        if (peek() == '}') {
            at++;
            return;
        }
        final Names names = new Names();
        while (true) {
            expect('"');
            final String name = name();
            names.add(name);
            whitespace();
            expect(':');
            whitespace();
            if (wanted.test(name)) {
                sink.accept(name, value(depth, true));
            } else {
                value(depth, false);
            }
            whitespace();
            final int next = next();
            if (next == '}') {
                return;
            }
            if (next != ',') {
                throw malformed();
            }
            whitespace();
        }
    }

    private List<Object> elements(int depth, boolean keep) throws TokenRejectedException {
        final List<Object> elements = keep ? new ArrayList<>() : null;
        whitespace();
        if (peek() == ']') {
            at++;
            return elements;
        }
        while (true) {
            final Object element = value(depth, keep);
            if (keep) {
                elements.add(element);
            }
            whitespace();
            final int next = next();
            if (next == ']') {
                return elements;
            }
            if (next != ',') {
                throw malformed();
            }
            whitespace();
        }
    }

    /** The value that starts here, inside a container at {@code depth}; null for one not kept. */
    private Object value(int depth, boolean keep) throws TokenRejectedException {
        final int first = next();
        switch (first) {
            case '"':
                if (keep) {
                    return string();
                }
                skipString();
                return null;
            case '{':
                if (depth == MAX_DEPTH) {
                    throw malformed();
                }
                if (keep) {
                    final Map<String, Object> members = new LinkedHashMap<>();
                    members(depth + 1, ALL, members::put);
                    return members;
                }
                members(depth + 1, NONE, DISCARD);
                return null;
            case '[':
                if (depth == MAX_DEPTH) {
                    throw malformed();
                }
                return elements(depth + 1, keep);
            case 't':
                literal("rue");
                return Boolean.TRUE;
            case 'f':
                literal("alse");
                return Boolean.FALSE;
            case 'n':
                literal("ull");
                return null;
            default:
                if (first != '-' && (first < '0' || first > '9')) {
                    throw malformed();
                }
                at--;
                return number(keep);
        }
    }

    /**
     * A member name whose opening quote was just read. The same few names recur in every token, so a plain
     * one is taken from a small table shared by all threads instead of made again: its entries never change
     * once made, a race only replaces one, and a name the table does not hold is made as any string is.
     */
    private String name() throws TokenRejectedException {
        final int start = at;
        plainCharacters();
        if (at == json.length || json[at] != '"') {
            at = start;
            return string();
        }
        final int length = at++ - start;
        final long prefix = prefix(start, length);
        final int slot = slot(prefix, length);
        final KnownName known = NAME_TABLE[slot];
        // Up to eight bytes, the prefix is the whole name.
        if (known != null && known.prefix == prefix && known.bytes.length == length
                && (length <= Long.BYTES || Arrays.equals(known.bytes, Long.BYTES, length, json, start + Long.BYTES, start + length))) {
            return known.name;
        }
        final String name = new String(json, start, length, StandardCharsets.ISO_8859_1);
        NAME_TABLE[slot] = new KnownName(Arrays.copyOfRange(json, start, start + length), prefix, name);
        return name;
    }

    /** Up to eight of a name's first bytes, the first in the lowest, and zero beyond its end. */
    private long prefix(int start, int length) {
        if (start + Long.BYTES <= json.length) {
            final long word = (long) LONGS.get(json, start);
            // Only the name's own bytes: what follows its quote differs from token to token.
            return length < Long.BYTES ? word & (1L << (Byte.SIZE * length)) - 1 : word;
        }
        long prefix = 0;
        for (int i = Math.min(length, Long.BYTES) - 1; i >= 0; i--) {
            prefix = prefix << Byte.SIZE | (json[start + i] & 0xFF);
        }
        return prefix;
    }

    /** A name's slot in the table, from its length and prefix. */
    private static int slot(long prefix, int length) {
        final long mixed = (prefix ^ length * 0x9E3779B97F4A7C15L) * 0xC2B2AE3D27D4EB4FL;
        return (int) (mixed >>> (Long.SIZE - NAME_TABLE_BITS));
    }

    private record KnownName(byte[] bytes, long prefix, String name) {
    }

    /** A string whose opening quote was just read, through its closing quote. */
    private String string() throws TokenRejectedException {
        final int start = at;
        plainCharacters();
        if (at < json.length && json[at] == '"') {
            at++;
            return new String(json, start, at - 1 - start, StandardCharsets.ISO_8859_1);
        }
        // Escapes, non-ASCII characters, or an error: the slow path from the start of the string.
        at = start;
        final StringBuilder text = new StringBuilder();
        while (true) {
            final int c = character();
            if (c < 0) {
                return text.toString();
            }
            text.appendCodePoint(c);
        }
    }

    private void skipString() throws TokenRejectedException {
        plainCharacters();
        while (character() >= 0) {
            // Each remaining character is checked as if it were read.
        }
    }

    /**
     * Moves past printable ASCII other than a quote or a backslash, eight bytes at a time while it can: most
     * of a token's claims is such text. Stops at the first byte that needs a look of its own.
     */
    private void plainCharacters() {
        while (at + Long.BYTES <= json.length) {
            final long word = (long) LONGS.get(json, at);
            final long quotes = word ^ 0x2222222222222222L;
            final long backslashes = word ^ 0x5C5C5C5C5C5C5C5CL;
            // A byte's high bit: set where the byte is a quote, a backslash, below 0x20 or above 0x7F. Only the
            // lowest set bit is exact (a borrow may mark bytes above it), and it is the only one used.
            final long special = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes
                    | (word - SPACES) & ~word | word) & HIGH_BITS;
            if (special != 0) {
                at += Long.numberOfTrailingZeros(special) >>> 3;
                return;
            }
            at += Long.BYTES;
        }
        while (at < json.length) {
            final byte b = json[at];
            if (b == '"' || b == '\\' || b < 0x20) {
                return;
            }
            at++;
        }
    }

    /**
     * The next character of a string as a code point, or -1 at its closing quote. An escaped
     * surrogate stands alone as a code point of its own, as Jackson reads it.
     */
    private int character() throws TokenRejectedException {
        final int b = next();
        if (b == '"') {
            return -1;
        }
        if (b == '\\') {
            return escape();
        }
        if (b < 0x20) {
            throw malformed();
        }
        return b < 0x80 ? b : utf8(b);
    }

    private int escape() throws TokenRejectedException {
        final int b = next();
        switch (b) {
            case '"':
            case '\\':
            case '/':
                return b;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int unit = 0;
                for (int i = 0; i < 4; i++) {
                    unit = unit << 4 | hex(next());
                }
                return unit;
            default:
                throw malformed();
        }
    }

    private static int hex(int b) throws TokenRejectedException {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw malformed();
    }

    /** A multi-byte UTF-8 sequence whose first byte was just read, in its shortest form, never a surrogate. */
    private int utf8(int lead) throws TokenRejectedException {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return (lead & 0x1F) << 6 | continuation(0x80, 0xBF);
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            final int second = continuation(lead == 0xE0 ? 0xA0 : 0x80, lead == 0xED ? 0x9F : 0xBF);
            return (lead & 0x0F) << 12 | second << 6 | continuation(0x80, 0xBF);
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            final int second = continuation(lead == 0xF0 ? 0x90 : 0x80, lead == 0xF4 ? 0x8F : 0xBF);
            final int third = continuation(0x80, 0xBF);
            return (lead & 0x07) << 18 | second << 12 | third << 6 | continuation(0x80, 0xBF);
        }
        throw malformed();
    }

    /** The six payload bits of a continuation byte, which must lie within [low, high]. */
    private int continuation(int low, int high) throws TokenRejectedException {
        final int b = next();
        if (b < low || b > high) {
            throw malformed();
        }
        return b & 0x3F;
    }

    private void literal(String rest) throws TokenRejectedException {
        for (int i = 0; i < rest.length(); i++) {
            if (next() != rest.charAt(i)) {
                throw malformed();
            }
        }
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}; null for one not kept. */
    private Object number(boolean keep) throws TokenRejectedException {
        final int start = at;
        if (peek() == '-') {
            at++;
        }
        final int firstDigit = at;
        if (peek() == '0') {
            at++;
        } else if (digits() == 0) {
            throw malformed();
        }
        final int integerEnd = at;
        boolean integral = true;
        if (peek() == '.') {
            at++;
            integral = false;
            if (digits() == 0) {
                throw malformed();
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (digits() == 0) {
                throw malformed();
            }
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            throw malformed();
        }
        if (!keep) {
            return null;
        }
        if (integral && integerEnd - firstDigit <= 18) {
            long value = 0;
            for (int i = firstDigit; i < integerEnd; i++) {
                value = value * 10 + (json[i] - '0');
            }
            return firstDigit == start ? value : -value;
        }
        final String text = new String(json, start, at - start, StandardCharsets.ISO_8859_1);
        if (!integral) {
            return Double.parseDouble(text);
        }
        final BigInteger value = new BigInteger(text);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private int digits() {
        final int start = at;
        while (at < json.length && json[at] >= '0' && json[at] <= '9') {
            at++;
        }
        return at - start;
    }

    private void whitespace() {
        while (at < json.length) {
            final byte b = json[at];
            if (b > ' ' || b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }

    private void expect(char c) throws TokenRejectedException {
        if (next() != c) {
            throw malformed();
        }
    }

    /** The next byte, unsigned; past the end, a value no rule accepts. */
    private int next() {
        return at < json.length ? json[at++] & 0xFF : -1;
    }

    private int peek() {
        return at < json.length ? json[at] & 0xFF : -1;
    }

    private static TokenRejectedException malformed() {
        return new TokenRejectedException(RejectionReason.MALFORMED);
    }

    /**
     * The names of one object so far; a repeat is refused. A 64-bit filter over the names' hash codes (which
     * every String caches) spares most of the comparisons: only a name whose bit is already set can be a repeat.
     */
    private static final class Names {
        private String[] names = new String[8];
        private int count;
        private long seenHashBits;
        private Set<String> many;

        void add(String name) throws TokenRejectedException {
            if (many != null) {
                if (!many.add(name)) {
                    throw malformed();
                }
                return;
            }
            final int hash = name.hashCode();
            final long bit = 1L << (hash ^ hash >>> 6 ^ hash >>> 12);
            if ((seenHashBits & bit) != 0) {
                for (int i = 0; i < count; i++) {
                    if (names[i].hashCode() == hash && names[i].equals(name)) {
                        throw malformed();
                    }
                }
            }
            seenHashBits |= bit;
            if (count < FEW_NAMES) {
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                }
                names[count++] = name;
                return;
            }
            many = new HashSet<>(List.of(names));
            many.add(name);
        }
    }
}
