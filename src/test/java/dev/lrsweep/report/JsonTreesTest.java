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

    @Test
    void readGivesObjectMappersTreeNodeForNode() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
        List<String> docs = List.of(
                JsonTrees.write(sample(), true),
                "{\"a\": 1, \"b\": 2147483648, \"c\": 123456789012345678901234567890, \"d\": -0.0, "
                        + "\"e\": 1e400, \"f\": 2.5E-3, \"g\": [], \"h\": {}, \"a\": \"repeated\", \"i\": [[null, true, false]]}",
                "[1, -2147483649, 0.1]", "\"text\"", "7", "null", "  ");
        for (String doc : docs) {
            JsonNode want = mapper.readTree(doc);
            JsonNode got;
            try (com.fasterxml.jackson.core.JsonParser p = f.createParser(doc)) {
                got = JsonTrees.read(p);
            }
            if (want == null || want.isMissingNode()) {
                assertEquals(null, got, doc);
                continue;
            }
            assertEquals(want, got, doc);
            // equal trees of equal node classes: an int stays an IntNode, a long a LongNode
            assertEquals(classes(want), classes(got), doc);
            assertEquals(mapper.writeValueAsString(want), JsonTrees.write(got, false), doc);
        }
    }

    @Test
    void readGivesObjectMappersTreeForYamlToo() throws Exception {
        com.fasterxml.jackson.dataformat.yaml.YAMLFactory f = new com.fasterxml.jackson.dataformat.yaml.YAMLFactory();
        ObjectMapper mapper = new ObjectMapper(f);
        String doc = "kind: grid\nrates: [0.01, 1e-3, 0x1F, 7, 12345678901]\nname: ~\nflag: true\n"
                + "text: 'it''s'\nblob: !!binary aGVsbG8=\nnested: {a: [1, {b: null}]}\nbig: 123456789012345678901234567890\n";
        JsonNode want = mapper.readTree(doc);
        JsonNode got;
        try (com.fasterxml.jackson.core.JsonParser p = f.createParser(doc)) {
            got = JsonTrees.read(p);
        }
        assertEquals(want, got);
        assertEquals(classes(want), classes(got));
    }

    private static List<String> classes(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        out.add(n.getClass().getSimpleName());
        for (JsonNode c : n) out.addAll(classes(c));
        return out;
    }
}
