package dev.lrsweep.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Plain values (maps, lists, arrays, numbers, text, booleans, null) as JSON trees, built directly,
 * trees written as text with jackson-core's generator, and trees read from its parser. Jackson's {@code ObjectMapper} would do
 * both through its serializer machinery, which loads a few hundred classes and takes tens of
 * milliseconds to set up — a noticeable share of a short run's start-up. The text is the same as
 * {@code ObjectMapper}'s (its default pretty printer when indented).
 */
public final class JsonTrees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonFactory JSON = new JsonFactory();

    private JsonTrees() {
    }

    /**
     * The tree of {@code value}.
     *
     * @throws IllegalArgumentException for a type it does not know
     */
    public static JsonNode of(Object value) {
        if (value == null) return F.nullNode();
        if (value instanceof JsonNode n) return n;
        if (value instanceof String s) return F.textNode(s);
        if (value instanceof Boolean b) return F.booleanNode(b);
        if (value instanceof Integer i) return F.numberNode(i);
        if (value instanceof Long l) return F.numberNode(l);
        if (value instanceof Double d) return F.numberNode(d);
        if (value instanceof Float f) return F.numberNode(f);
        if (value instanceof java.math.BigInteger b) return F.numberNode(b);
        if (value instanceof Short n) return F.numberNode(n);
        if (value instanceof Byte n) return F.numberNode(n);
        if (value instanceof Enum<?> e) return F.textNode(e.name());
        if (value instanceof Number n) return F.numberNode(n.doubleValue());
        if (value instanceof double[] a) {
            ArrayNode out = F.arrayNode();
            for (double d : a) out.add(d);
            return out;
        }
        if (value instanceof Iterable<?> it) {
            ArrayNode out = F.arrayNode();
            for (Object o : it) out.add(of(o));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode out = F.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) out.set(String.valueOf(e.getKey()), of(e.getValue()));
            return out;
        }
        throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return F.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return F.arrayNode();
    }

    /**
     * The value at the parser's current token (the next one when there is none) as a tree, the
     * parser left on its last token: the tree {@code ObjectMapper.readTree} gives (integers as int,
     * long or big-integer nodes by size, other numbers as doubles, a repeated key's last value in
     * its first place), without setting up an {@code ObjectMapper}, whose date-format defaults load
     * the locale's calendar data (~0.1 s of a fresh JVM). Nesting depth is bounded by the parser's
     * own limit.
     *
     * @return the tree, or null at the end of the input
     */
    public static JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) t = p.nextToken();
        if (t == null) return null;
        return value(p, t);
    }

    /** The tree of JSON {@code text} (its first value), or null when it holds none. */
    public static JsonNode parse(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            return read(p);
        }
    }

    /** The tree of a JSON file (its first value), or null when it holds none. */
    public static JsonNode parse(java.io.File file) throws IOException {
        try (JsonParser p = JSON.createParser(file)) {
            return read(p);
        }
    }

    /**
     * A tree as plain values, as {@code ObjectMapper.convertValue(node, Object.class)} gives them:
     * objects as {@link java.util.LinkedHashMap}s, arrays as {@link java.util.ArrayList}s, numbers as
     * Integer, Long, BigInteger or Double by their node, text, booleans and null.
     */
    public static Object plain(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), plain(e.getValue()));
                }
                return out;
            }
            case ARRAY -> {
                java.util.List<Object> out = new java.util.ArrayList<>();
                for (JsonNode e : n) out.add(plain(e));
                return out;
            }
            case STRING -> {
                return n.textValue();
            }
            case BOOLEAN -> {
                return n.booleanValue();
            }
            case NUMBER -> {
                return n.numberValue();
            }
            case NULL, MISSING -> {
                return null;
            }
            default -> throw new IllegalArgumentException("no plain value for a " + n.getNodeType() + " node");
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = F.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = F.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) a.add(value(p, e));
                return a;
            }
            case VALUE_STRING -> {
                return F.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> F.numberNode(p.getIntValue());
                    case LONG -> F.numberNode(p.getLongValue());
                    default -> F.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return F.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return F.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return F.booleanNode(false);
            }
            case VALUE_NULL -> {
                return F.nullNode();
            }
            case VALUE_EMBEDDED_OBJECT -> {
                // a YAML !!binary scalar, as readTree keeps it
                Object o = p.getEmbeddedObject();
                if (o == null) return F.nullNode();
                if (o instanceof byte[] b) return F.binaryNode(b);
                return F.pojoNode(o);
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
        }
    }

    /** {@code node} as JSON text: indented as Jackson's default pretty printer does, or on one line. */
    public static String write(JsonNode node, boolean indent) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (indent) g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * {@code node} on one line, as {@link #write(JsonNode, boolean)} gives it, streamed to
     * {@code out} in UTF-8 (no copy of the text is made; {@code out} is flushed, not closed).
     */
    public static void write(JsonNode node, java.io.OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(g, node);
        }
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : n) write(g, e);
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                    default -> g.writeNumber(n.doubleValue());
                }
            }
            default -> throw new IllegalArgumentException("cannot write a " + n.getNodeType() + " node");
        }
    }
}
