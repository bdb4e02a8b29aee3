package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sweep's identity is the SHA-256 of its configuration's JSON text as Jackson's ObjectMapper
 * writes it (the form results logs and shard parts of earlier versions were keyed with), and of
 * the data's hash: computed here independently, with an ObjectMapper.
 */
class SweepHashTest {
    private static Map<String, Object> command() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "grid");
        c.put("rates", new double[] {1e-7, 0.001, 0.1, 3.5, 1e22});
        c.put("range", "1e-4:1");
        c.put("points", 9);
        c.put("data", "/some/where/d.csv");
        c.put("target", "ÿ \"quoted\" 😀");
        c.put("features", List.of("x1", "x2"));
        c.put("model", "mlp(hidden=32)");
        c.put("intercept", true);
        c.put("l2", 0.0);
        c.put("optimizer", List.of("sgd", "adam(beta_1=0.9)"));
        c.put("steps", null);
        c.put("epochs", 5);
        c.put("batch_size", Arrays.asList(32, null));
        c.put("base_batch", 1L << 40);
        c.put("val_split", -0.0);
        c.put("tol", 1e-3);
        c.put("seed", List.of(1L, 2L, 3L));
        c.put("nested", Map.of("k", List.of(Map.of())));
        return c;
    }

    private static String independent(Map<String, Object> command, String sha) throws Exception {
        Map<String, Object> identity = new LinkedHashMap<>(command);
        identity.remove("data");
        byte[] h = MessageDigest.getInstance("SHA-256").digest(
                (new ObjectMapper().writeValueAsString(identity) + "\n" + sha).getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : h) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    @Test
    void theHashIsThatOfObjectMappersTextWithoutTheDataPath() throws Exception {
        String sha = "ab".repeat(32);
        assertEquals(independent(command(), sha), SweepHash.of(command(), sha));
        Map<String, Object> moved = command();
        moved.put("data", "elsewhere.csv");
        assertEquals(SweepHash.of(command(), sha), SweepHash.of(moved, sha));
        Map<String, Object> other = command();
        other.put("tol", 1e-4);
        assertNotEquals(SweepHash.of(command(), sha), SweepHash.of(other, sha));
        assertNotEquals(SweepHash.of(command(), sha), SweepHash.of(command(), "cd".repeat(32)));
    }

    @Test
    void aScaledSweepLoggedByAnOlderBuildIsOfAnotherSweep(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // builds before scale_lr_scope scaled only the swept rate under --scale-lr: their log of a
        // scaled sweep (the same configuration without the key, hashed so) does not resume here
        String[] sweep = {"grid", "--rates", "0.01,0.02", "--data", ReferenceExperimentTest.DATA, "--target", "y",
            "--no-intercept", "-q", "--scale-lr", "linear", "--base-batch", "6", "--schedule",
            "cyclic(max=0.05,step_size_up=5)"};
        java.nio.file.Path log = dir.resolve("r.jsonl");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(sweep, "--results", log.toString())).code());
        ObjectMapper m = new ObjectMapper();
        java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
        com.fasterxml.jackson.databind.node.ObjectNode header = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(lines.get(0));
        com.fasterxml.jackson.databind.node.ObjectNode block = (com.fasterxml.jackson.databind.node.ObjectNode) header.get("sweep");
        assertEquals("schedule", block.get("scale_lr_scope").asText());
        block.remove("scale_lr_scope");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> older = m.convertValue(block, java.util.LinkedHashMap.class);
        String sha = Cli.run("grid", "--rates", "0.01", "--data", ReferenceExperimentTest.DATA, "--target", "y",
                "--no-intercept", "-q", "--format", "json").out();
        String dataSha = m.readTree(sha).get("dataset").get("sha256").asText();
        header.put("sweep_hash", independent(older, dataSha));
        lines.set(0, m.writeValueAsString(header));
        java.nio.file.Files.write(log, lines);
        Cli r = Cli.run(ReferenceExperimentTest.concat(sweep, "--resume", log.toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is of a different sweep: scale_lr_scope was absent, now \"schedule\""), r.err());
        // and without a rule the key is absent, so every other sweep keeps its hash
        String plain = Cli.run("grid", "--rates", "0.01", "--data", ReferenceExperimentTest.DATA, "--target", "y",
                "--no-intercept", "-q", "--format", "json").out();
        assertTrue(!m.readTree(plain).get("command").has("scale_lr_scope"), plain);
    }
}
