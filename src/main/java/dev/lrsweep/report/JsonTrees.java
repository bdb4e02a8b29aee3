package dev.lrsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Plain values (maps, lists, arrays, numbers, text, booleans, null) as JSON trees, built directly.
 * Jackson's {@code valueToTree} would do the same through its serialize-then-deserialize machinery,
 * which loads a few hundred classes — a noticeable share of a short run's start-up.
 */
public final class JsonTrees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

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
}
