package io.github.datasec.dwauth.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token JSON reader against Jackson reading strictly (duplicate detection on, nesting at most
 * 16, the reader's former implementation): on generated documents and on documents with random
 * ASCII edits, both accept with equal values or both refuse. Inputs come from fixed seeds, so a
 * failure names its input and recurs. Where the reader is stricter than Jackson 2.21 (a byte-order
 * mark, overlong forms and code points past U+10FFFF, all of which Jackson reads) the cases say so by name.
 */
class JoseJsonTest {
    private static final JsonFactory JACKSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int DOCUMENTS = 3000;
    private static final String NAMES = "abcdefxyz";

    @Test
    void readsGeneratedDocumentsExactlyAsJacksonDoes() {
        final Random random = new Random(0x1502_6A7EL);
        int accepted = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            final byte[] document = object(random, 1).getBytes(StandardCharsets.UTF_8);
            if (sameAnswer(document)) {
                accepted++;
            }
        }
        // Generated documents nest up to 18 deep and repeat names now and then: most must still be accepted.
        assertThat(accepted).isBetween(DOCUMENTS / 2, DOCUMENTS - 1);
    }

    @Test
    void readsDocumentsWithRandomAsciiEditsExactlyAsJacksonDoes() {
        final Random random = new Random(0xED17_5L);
        final String structural = "{}[]:,\"\\ \t\n\r0123456789-+.eEtrufalsn/bu\u0000\u001f\u007f";
        int refused = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            final StringBuilder text = new StringBuilder(object(random, 1));
            final int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && text.length() > 0; e++) {
                final int at = random.nextInt(text.length());
                final char c = random.nextBoolean() ? structural.charAt(random.nextInt(structural.length())) : (char) random.nextInt(0x80);
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            if (!sameAnswer(text.toString().getBytes(StandardCharsets.UTF_8))) {
                refused++;
            }
        }
        assertThat(refused).isBetween(DOCUMENTS / 4, DOCUMENTS - 1);
    }

    @Test
    void keepsOnlyTheWantedMembersAndChecksTheOthersAllTheSame() throws Exception {
        final byte[] document = """
                {"iss":"https://sso.example.com","skipped":{"deep":[1,{"x":"y"}],"s":"\\u00e9t\\u00e9"},"exp":1700000000,"n":null}"""
                .getBytes(StandardCharsets.UTF_8);
        final Map<String, Object> kept = new LinkedHashMap<>();
        JoseJson.readObject(document, Set.of("iss", "exp", "absent")::contains, kept::put);
        assertThat(kept).containsExactly(Map.entry("iss", "https://sso.example.com"), Map.entry("exp", 1700000000L));

        final byte[] repeatInsideSkipped = "{\"iss\":\"a\",\"skipped\":{\"x\":1,\"x\":2}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JoseJson.readObject(repeatInsideSkipped, Set.of("iss")::contains, (name, value) -> { }))
                .isInstanceOf(TokenRejectedException.class);
        final byte[] badEscapeInsideSkipped = "{\"iss\":\"a\",\"skipped\":\"\\q\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JoseJson.readObject(badEscapeInsideSkipped, Set.of("iss")::contains, (name, value) -> { }))
                .isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void refusesANameSpelledTwiceWithAndWithoutEscapes() {
        assertRefused("{\"iss\":\"https://a\",\"\\u0069ss\":\"https://b\"}");
    }

    @Test
    void refusesARepeatAmongManyNames() {
        final StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            many.append("\"claim").append(i).append("\":").append(i).append(',');
        }
        assertThat(sameAnswer((many + "\"last\":0}").getBytes(StandardCharsets.UTF_8))).isTrue();
        assertRefused(many + "\"claim7\":0}");
    }

    @Test
    void acceptsNestingOfSixteenAndRefusesSeventeen() {
        assertThat(sameAnswer(nested(16).getBytes(StandardCharsets.UTF_8))).isTrue();
        assertRefused(nested(17));
    }

    @Test
    void readsMultiByteCharactersAndEscapedSurrogatePairs() throws Exception {
        final Map<String, Object> read = JoseJson.object("{\"name\":\"Zoë 名 😀 \\ud83d\\ude00 \\u00e9\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(read).containsEntry("name", "Zoë 名 😀 😀 é");
    }

    @Test
    void readsNumbersAsJose4jTypesThem() throws Exception {
        final Map<String, Object> read = JoseJson.object(
                "{\"a\":-0,\"b\":9223372036854775807,\"c\":-9223372036854775808,\"d\":9223372036854775808,\"e\":1.5e3,\"f\":1E400}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(read).containsExactly(
                Map.entry("a", 0L),
                Map.entry("b", Long.MAX_VALUE),
                Map.entry("c", Long.MIN_VALUE),
                Map.entry("d", new BigInteger("9223372036854775808")),
                Map.entry("e", 1500.0),
                Map.entry("f", Double.POSITIVE_INFINITY));
    }

    @Test
    void refusesANumberLongerThanTheLimit() {
        assertThat(sameAnswer(("{\"n\":" + "7".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8))).isTrue();
        assertRefused("{\"n\":" + "7".repeat(1001) + "}");
    }

    /**
     * Not UTF-8 as RFC 3629 defines it, or a byte-order mark (RFC 8259 section 8.1). Jackson 2.21 skips the mark,
     * reads both overlong slashes as '/' and a code point past U+10FFFF as two low surrogates; it refuses the rest.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "efbbbf7b7d",                 // byte-order mark before {}
            "7b2261223a22c0af227d",       // overlong '/' in two bytes
            "7b2261223a22e080af227d",     // overlong '/' in three bytes
            "7b2261223a22eda080227d",     // a UTF-16 surrogate encoded in UTF-8
            "7b2261223a22f4908080227d",   // beyond U+10FFFF
            "7b2261223a22e282227d",       // a sequence cut short
            "7b2261223a2280227d",         // a lone continuation byte
            "7b2261223a22ff227d"})        // a byte that UTF-8 never uses
    void refusesWhatIsNotStrictUtf8Json(String hex) {
        assertThatThrownBy(() -> JoseJson.object(HexFormat.of().parseHex(hex))).isInstanceOf(TokenRejectedException.class);
    }

    private static void assertRefused(String document) {
        final byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        assertThat(jackson(bytes)).as("Jackson's answer to %s", document).isEmpty();
        assertThatThrownBy(() -> JoseJson.object(bytes)).isInstanceOf(TokenRejectedException.class);
    }

    /** True when both accepted (with equal values), false when both refused; fails when they differ. */
    private static boolean sameAnswer(byte[] document) {
        final Optional<Map<String, Object>> expected = jackson(document);
        Optional<Map<String, Object>> actual;
        try {
            actual = Optional.of(JoseJson.object(document));
        } catch (TokenRejectedException e) {
            actual = Optional.empty();
        }
        assertThat(actual).as("%s", new String(document, StandardCharsets.UTF_8)).isEqualTo(expected);
        return actual.isPresent();
    }

    private static Optional<Map<String, Object>> jackson(byte[] document) {
        try (JsonParser parser = JACKSON.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            final Map<String, Object> members = jacksonObject(parser);
            return parser.nextToken() == null ? Optional.of(members) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> jacksonObject(JsonParser parser) throws IOException {
        final Map<String, Object> members = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            members.put(name, jacksonValue(parser));
        }
        return members;
    }

    private static Object jacksonValue(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> jacksonObject(parser);
            case START_ARRAY -> {
                final List<Object> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(jacksonValue(parser));
                }
                yield elements;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + parser.currentToken());
        };
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static String object(Random random, int depth) {
        final StringBuilder text = new StringBuilder().append(space(random)).append('{');
        final int members = random.nextInt(depth == 1 ? 12 : 4);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                text.append(',');
            }
            // Short names from a small alphabet repeat by themselves now and then.
            text.append(space(random)).append('"').append(name(random)).append('"').append(space(random)).append(':')
                    .append(space(random)).append(value(random, depth)).append(space(random));
        }
        return text.append('}').append(space(random)).toString();
    }

    private static String value(Random random, int depth) {
        final int kind = random.nextInt(depth >= 18 ? 6 : 8);
        return switch (kind) {
            case 0 -> "\"" + stringContent(random) + "\"";
            case 1 -> integer(random);
            case 2 -> fraction(random);
            case 3 -> "true";
            case 4 -> "false";
            case 5 -> "null";
            case 6 -> object(random, depth + 1);
            default -> {
                final StringBuilder array = new StringBuilder("[");
                final int elements = random.nextInt(4);
                for (int i = 0; i < elements; i++) {
                    array.append(i > 0 ? "," : "").append(space(random)).append(value(random, depth + 1));
                }
                yield array.append(space(random)).append(']').toString();
            }
        };
    }

    private static String name(Random random) {
        final int length = 1 + random.nextInt(3);
        final StringBuilder name = new StringBuilder();
        for (int i = 0; i < length; i++) {
            final char c = NAMES.charAt(random.nextInt(NAMES.length()));
            // An escaped spelling of the same letter: still the same name.
            name.append(random.nextInt(10) == 0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return name.toString();
    }

    private static String stringContent(Random random) {
        final String[] pieces = {"a", "Z", " ", "/", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\uD83D\\uDE00",
                "\\ud800", "é", "名", "😀", "\u007f", "https://sso.example.com/realms/x", "{", "]", ","};
        final StringBuilder content = new StringBuilder();
        final int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            content.append(pieces[random.nextInt(pieces.length)]);
        }
        return content.toString();
    }

    private static String integer(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(2000) - 1000);
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "-0";
            default -> (random.nextBoolean() ? "-" : "") + "1" + "0".repeat(18 + random.nextInt(4));
        };
    }

    private static String fraction(Random random) {
        final String mantissa = random.nextInt(100) + (random.nextBoolean() ? "." + random.nextInt(1000) : "");
        return random.nextBoolean() ? mantissa + (random.nextBoolean() ? "e" : "E") + (random.nextBoolean() ? "-" : "+") + random.nextInt(400)
                : mantissa + ".5";
    }

    private static String space(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }
}
