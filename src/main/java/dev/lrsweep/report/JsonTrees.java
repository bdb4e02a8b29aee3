package dev.lrsweep.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * and trees written as text with jackson-core's generator. Jackson's {@code ObjectMapper} would do
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
