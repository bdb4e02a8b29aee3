package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JsonTrees writes what Jackson's ObjectMapper writes, without setting one up. */
class JsonTreesTest {
    private static JsonNode sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "a \"quoted\" tab\t, newline\n, é, \u0001 and 😀");
        m.put("int", 42);
        m.put("long", 1L << 40);
        m.put("doubles", new double[] {0.1, -0.0, 1e-300, 123456789.123, 1e22, 4.9e-324, Double.MAX_VALUE});
        m.put("bool", true);
        m.put("null", null);
        m.put("empty_list", List.of());
        m.put("empty_map", Map.of());
        m.put("nested", List.of(Map.of("k", List.of(1, 2.5, "x")), List.of(List.of())));
        ObjectNode root = (ObjectNode) JsonTrees.of(m);
        ArrayNode a = root.putArray("added");
        a.add(JsonTrees.object().put("lr", 0.03).putNull("steps_to_target"));
        return root;
    }

    @Test
    void indentedTextIsObjectMappersIndentedText() throws Exception {
        String want = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(sample());
        assertEquals(want, JsonTrees.write(sample(), true));
    }

    @Test
    void oneLineTextIsObjectMappersText() throws Exception {
        assertEquals(new ObjectMapper().writeValueAsString(sample()), JsonTrees.write(sample(), false));
    }
}
