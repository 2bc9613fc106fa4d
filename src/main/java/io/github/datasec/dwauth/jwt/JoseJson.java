package io.github.datasec.dwauth.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Reads a token's header or claims in one streaming pass, with the limits a token's JSON must
 * meet: a single object, no duplicate member names (a parser that kept the last one would see an
 * attacker's second {@code iss}), nothing after it, and nesting no deeper than {@link #MAX_DEPTH}.
 * Values come out as jose4j's own parser gives them (Long, Double, BigInteger, String, Boolean,
 * null, List, Map), so that jose4j's claim validators read them the same way.
 */
final class JoseJson {
    /** Real tokens nest three or four levels. */
    static final int MAX_DEPTH = 16;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JoseJson() {
    }

    static Map<String, Object> object(byte[] json) throws TokenRejectedException {
        final Map<String, Object> members = new LinkedHashMap<>();
        readObject(json, members::containsKey, members::put);
        return members;
    }

    /** Reads the object's members straight into a sink (jose4j's claims), so that they are not copied there. */
    static void readObject(byte[] json, Predicate<String> alreadyRead, BiConsumer<String, Object> sink) throws TokenRejectedException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenRejectedException(RejectionReason.MALFORMED);
            }
            members(parser, alreadyRead, sink);
            if (parser.nextToken() != null) {
                throw new TokenRejectedException(RejectionReason.MALFORMED);
            }
        } catch (IOException e) {
            // Includes the parser's own limits: nesting deeper than MAX_DEPTH, oversized numbers.
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
    }

    private static void members(JsonParser parser, Predicate<String> alreadyRead, BiConsumer<String, Object> sink)
            throws IOException, TokenRejectedException {
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            if (alreadyRead.test(name)) {
                throw new TokenRejectedException(RejectionReason.MALFORMED);
            }
            sink.accept(name, value(parser));
        }
    }

    private static Map<String, Object> nestedObject(JsonParser parser) throws IOException, TokenRejectedException {
        final Map<String, Object> members = new LinkedHashMap<>();
        members(parser, members::containsKey, members::put);
        return members;
    }

    private static List<Object> elements(JsonParser parser) throws IOException, TokenRejectedException {
        final List<Object> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            elements.add(value(parser));
        }
        return elements;
    }

    private static Object value(JsonParser parser) throws IOException, TokenRejectedException {
        final JsonToken token = parser.currentToken();
        if (token == null) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        return switch (token) {
            case START_OBJECT -> nestedObject(parser);
            case START_ARRAY -> elements(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new TokenRejectedException(RejectionReason.MALFORMED);
        };
    }
}
