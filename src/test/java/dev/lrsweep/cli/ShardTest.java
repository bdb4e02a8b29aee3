package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three shards as separate processes, merged, equal the unsharded run. */
class ShardTest {
    static final String[] SWEEP = {"random", "--min", "1e-4", "--max", "0.1", "--trials", "7", "--seed", "5,6",
        "--data", "examples/breast_cancer/wdbc.csv", "--target", "malignant", "--standardize", "--model", "logistic",
        "--epochs", "2", "--batch-size", "32", "--val-split", "0.2", "-q"};

    @TempDir
    Path dir;

    @Test
    void threeProcessesMergedEqualOneRun() throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ps.add(InterruptionTest.start(dir.resolve("out" + k), ReferenceExperimentTest.concat(SWEEP, "--shard", k + "/3",
                    "--json", dir.resolve("part" + k + ".json").toString())));
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        assertMergeEqualsOneRun(SWEEP, dir.resolve("part2.json").toString(), dir.resolve("part0.json").toString(),
                dir.resolve("part1.json").toString());
    }

    /** Merges {@code parts}, runs {@code sweep} unsharded, and compares the two summaries, timings aside. */
    private void assertMergeEqualsOneRun(String[] sweep, String... parts) throws Exception {
        Path merged = dir.resolve("merged.json");
        Cli m = Cli.run(ReferenceExperimentTest.concat(ReferenceExperimentTest.concat(new String[] {"merge"}, parts),
                "--json", merged.toString()));
        assertEquals(0, m.code(), m.err());
        Path single = dir.resolve("single.json");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(sweep, "--json", single.toString())).code());
        assertEquals(ReferenceExperimentTest.stripTimings(Files.readString(single)),
                ReferenceExperimentTest.stripTimings(Files.readString(merged)));
    }

    @Test
    void mergeRefusesMissingRepeatedAndForeignParts() throws Exception {
        String[] parts = new String[3];
        for (int k = 0; k < 3; k++) {
            parts[k] = dir.resolve("p" + k + ".json").toString();
            assertEquals(0, Cli.run(ReferenceExperimentTest.concat(SWEEP, "--shard", k + "/3", "--json", parts[k])).code());
        }
        Cli missing = Cli.run("merge", parts[0], parts[1]);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("missing shard(s) 2/3"), missing.err());
        Cli twice = Cli.run("merge", parts[0], parts[0], parts[1], parts[2]);
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("shard 0/3 given twice"), twice.err());
        String foreign = dir.resolve("foreign.json").toString();
        int code = Cli.run("random", "--min", "1e-4", "--max", "0.1", "--trials", "7", "--seed", "5,6", "--data",
                "examples/breast_cancer/wdbc.csv", "--target", "malignant", "--model", "logistic", "--epochs", "1",
                "--shard", "1/3", "--json", foreign, "-q").code();
        assertEquals(0, code, "a part never gates");
        Cli mixed = Cli.run("merge", parts[0], foreign, parts[2]);
        assertEquals(2, mixed.code());
        // what differs is named, as a resume names it
        assertTrue(mixed.err().contains("a part of a different sweep") && mixed.err().contains("epochs was 2, now 1"),
                mixed.err());
        String summary = dir.resolve("plain.json").toString();
        assertEquals(0, Cli.run("grid", "--rates", "0.01", "--data", "examples/qiita/apples.csv", "--json", summary).code());
        Cli notPart = Cli.run("merge", summary);
        assertEquals(2, notPart.code());
        assertTrue(notPart.err().contains("not a shard part"), notPart.err());
        Cli badShard = Cli.run("grid", "--rates", "0.01", "--data", "examples/qiita/apples.csv", "--shard", "3/3");
        assertEquals(2, badShard.code());
        assertTrue(badShard.err().contains("--shard: needs 0 <= K < N"), badShard.err());
    }

    @Test
    void mergeRefusesPartsWhoseTrialsDoNotFitTheirShard() throws Exception {
        String[] grid = {"grid", "--rates", "0.01,0.02,0.03,0.032,0.035,0.04", "--data", "examples/qiita/apples.csv",
            "--target", "y", "--no-intercept", "-q"};
        String[] parts = new String[3];
        for (int k = 0; k < 3; k++) {
            parts[k] = dir.resolve("g" + k + ".json").toString();
            assertEquals(0, Cli.run(ReferenceExperimentTest.concat(grid, "--shard", k + "/3", "--json", parts[k])).code());
        }
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        // part 1/3 holds trials 1 and 4; each edit below used to merge with exit 0 into a wrong summary
        java.util.Map<String, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>> edits =
                new java.util.LinkedHashMap<>();
        edits.put("does not belong in shard 1/3", p -> {
            // trial 4 (lr 0.035, not the part's best) renamed 3
            ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("runs").get(1).get("trial")).put("id", 3);
            ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("trials").get(1)).put("id", 3);
        });
        edits.put("best: trial 1 is not one of the trials", p -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("runs").get(0).get("trial")).put("id", 7);
            ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("trials").get(0)).put("id", 7);
        });
        edits.put("does not match its run", p -> {
            // the two runs' ids swapped: each run now claims the other trial's rate
            ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("runs").get(0).get("trial")).put("id", 4);
            ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("runs").get(1).get("trial")).put("id", 1);
        });
        edits.put("appears twice in runs", p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("runs"))
                .set(1, p.get("runs").get(0).deepCopy()));
        edits.put("2 runs but 1 trials[] entries", p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("trials"))
                .remove(1));
        for (var e : edits.entrySet()) {
            com.fasterxml.jackson.databind.node.ObjectNode part =
                    (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(new java.io.File(parts[1]));
            e.getValue().accept(part);
            Path edited = dir.resolve("edited.json");
            Files.writeString(edited, m.writeValueAsString(part));
            Cli r = Cli.run("merge", parts[0], edited.toString(), parts[2]);
            assertEquals(2, r.code(), e.getKey() + ": " + r.err());
            assertTrue(r.err().contains(edited + ": ") && r.err().contains(e.getKey()), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        // a shard resumed from the whole run's log takes only its own trials from it
        Path full = dir.resolve("full.jsonl");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(grid, "--results", full.toString())).code());
        Cli resumed = Cli.run(ReferenceExperimentTest.concat(grid, "--shard", "0/2", "--resume", full.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resume: 3 of 3 trials already finished"), resumed.err());
        // and the merged summary may not overwrite a part
        Cli self = Cli.run("merge", parts[0], parts[1], parts[2], "--json", parts[0]);
        assertEquals(2, self.code());
        assertTrue(self.err().contains("--json: " + parts[0] + " is also an input part"), self.err());
    }

    @Test
    void shardsNeverGateAndMergeGatesTheWholeSweep() throws Exception {
        // on the apples, 0.01 settles and 0.04 and up diverge; shard 1/2 holds trials 1 and 3 only
        String[] sweep = {"grid", "--rates", "0.01,0.04,0.05,0.06", "--data", "examples/qiita/apples.csv",
            "--no-intercept", "-q"};
        String[] parts = new String[2];
        for (int k = 0; k < 2; k++) {
            parts[k] = dir.resolve("g" + k + ".json").toString();
            Cli part = Cli.run(ReferenceExperimentTest.concat(sweep, "--shard", k + "/2", "--json", parts[k]));
            assertEquals(0, part.code(), "every trial of part 1 diverged, which gates nothing: " + part.err());
        }
        assertEquals(0, Cli.run(sweep).code());
        assertEquals(0, Cli.run("merge", parts[0], parts[1]).code());
        assertEquals(3, Cli.run(ReferenceExperimentTest.concat(sweep, "--fail-on-diverge")).code());
        Cli failOn = Cli.run("merge", parts[0], parts[1], "--fail-on-diverge");
        assertEquals(3, failOn.code());
        assertTrue(failOn.err().contains("gate: --fail-on-diverge and at least one trial diverged"), failOn.err());
        Cli expect = Cli.run("merge", parts[0], parts[1], "--expect-diverged", "0.01");
        assertEquals(3, expect.code());
        assertTrue(expect.err().contains("gate: 1 expectation, 1 failed"), expect.err());
        assertEquals(0, Cli.run("merge", parts[0], parts[1], "--expect-diverged", "0.04,0.06").code());

        // a sweep whose every trial diverges: no part gates, the merge does, as the single run does
        String[] diverging = {"grid", "--rates", "0.04,0.05", "--data", "examples/qiita/apples.csv", "--no-intercept",
            "-q"};
        for (int k = 0; k < 2; k++) {
            parts[k] = dir.resolve("d" + k + ".json").toString();
            assertEquals(0, Cli.run(ReferenceExperimentTest.concat(diverging, "--shard", k + "/2", "--json", parts[k]))
                    .code());
        }
        assertEquals(3, Cli.run(diverging).code());
        Cli all = Cli.run("merge", parts[0], parts[1]);
        assertEquals(3, all.code());
        assertTrue(all.err().contains("gate: every trial diverged"), all.err());

        Cli refused = Cli.run(ReferenceExperimentTest.concat(sweep, "--shard", "0/2", "--fail-on-diverge"));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("give them to 'lrsweep merge'"), refused.err());
    }

    @Test
    void moreShardsThanTrialsLeaveSomeEmptyAndStillMergeToTheSingleRun() throws Exception {
        String[] sweep = {"grid", "--rates", "0.01,0.02", "--data", "examples/qiita/apples.csv", "--no-intercept", "-q"};
        String[] parts = new String[3];
        for (int k = 0; k < 3; k++) {
            parts[k] = dir.resolve("e" + k + ".json").toString();
            Cli part = Cli.run(ReferenceExperimentTest.concat(sweep, "--shard", k + "/3", "--json", parts[k]));
            assertEquals(0, part.code(), "shard " + k + ": " + part.err());
        }
        assertMergeEqualsOneRun(sweep, parts);
    }

    @Test
    void theDataPathSpeltOtherwiseIsTheSameSweep() throws Exception {
        Path[] parts = {dir.resolve("d0.json"), dir.resolve("d1.json")};
        String[] paths = {"examples/qiita/apples.csv", Path.of("examples/qiita/apples.csv").toAbsolutePath().toString()};
        for (int k = 0; k < 2; k++) {
            assertEquals(0, Cli.run("grid", "--rates", "0.01,0.02", "--data", paths[k], "--target", "y", "--no-intercept", "-q",
                    "--shard", k + "/2", "--json", parts[k].toString()).code());
        }
        Cli r = Cli.run("merge", parts[0].toString(), parts[1].toString());
        assertEquals(0, r.code(), r.err());
        // a part is not the sweep: check refuses to gate on it
        Cli check = Cli.run("check", parts[0].toString(), "--expect-best-between", "0.001:1");
        assertEquals(2, check.code(), check.err());
        assertTrue(check.err().contains(parts[0] + ": a shard part (shard 0/2), not a sweep's summary"), check.err());
        // a header edited under its sweep_hash is refused
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode part = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(parts[1].toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) part.get("command")).put("steps", 7);
        Path bad = dir.resolve("d1-edited.json");
        mapper.writeValue(bad.toFile(), part);
        Cli e = Cli.run("merge", parts[0].toString(), bad.toString());
        assertEquals(2, e.code(), e.err());
        assertTrue(e.err().contains(bad + ": its sweep_hash is not that of its command and data"), e.err());
    }

    @Test
    void mergeRefusesAPartWhoseRowsDoNotMatchItsRuns() throws Exception {
        String[] sweep = {"grid", "--rates", "0.01,0.02,0.025", "--data", "examples/qiita/apples.csv", "--no-intercept",
            "-q", "--steps", "20"};
        Path[] parts = new Path[2];
        for (int k = 0; k < 2; k++) {
            parts[k] = dir.resolve("e" + k + ".json");
            assertEquals(0, Cli.run(ReferenceExperimentTest.concat(sweep, "--shard", k + "/2", "--json",
                    parts[k].toString())).code());
        }
        assertEquals(0, Cli.run("merge", parts[0].toString(), parts[1].toString()).code());
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String[][] edits = {{"final_loss", "1.0"}, {"best_loss", "1.0"}, {"status", "\"converged\""},
            {"steps_run", "3"}, {"batch_size", "7"}, {"steps", "5"}};
        for (String[] edit : edits) {
            com.fasterxml.jackson.databind.node.ObjectNode part = (com.fasterxml.jackson.databind.node.ObjectNode)
                    mapper.readTree(parts[1].toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) part.get("trials").get(0)).set(edit[0], mapper.readTree(edit[1]));
            Path bad = dir.resolve("bad-" + edit[0] + ".json");
            mapper.writeValue(bad.toFile(), part);
            Path out = dir.resolve("m-" + edit[0] + ".json");
            Cli r = Cli.run("merge", parts[0].toString(), bad.toString(), "--json", out.toString());
            assertEquals(2, r.code(), edit[0] + ": " + r.err());
            assertEquals("lrsweep merge: " + bad + ": trial 1's summary row does not match its run (" + edit[0]
                    + "); the part is damaged or was edited", r.err().strip());
            assertTrue(!Files.exists(out));
        }
        // a parameter and a logged loss
        com.fasterxml.jackson.databind.node.ObjectNode part = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(parts[1].toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) part.get("trials").get(0).get("params")).put("a1", 1.5);
        Path bad = dir.resolve("bad-params.json");
        mapper.writeValue(bad.toFile(), part);
        assertTrue(Cli.run("merge", parts[0].toString(), bad.toString()).err().contains("(params)"));
        // the run edited under an unchanged row
        part = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(parts[1].toFile());
        com.fasterxml.jackson.databind.node.ArrayNode losses =
                (com.fasterxml.jackson.databind.node.ArrayNode) part.get("runs").get(0).get("run").get("losses");
        losses.set(5, mapper.getNodeFactory().numberNode(0.5));
        bad = dir.resolve("bad-run.json");
        mapper.writeValue(bad.toFile(), part);
        Cli r = Cli.run("merge", parts[0].toString(), bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("trial 1's summary row does not match its run"), r.err());
    }

    @Test
    void mergeOfAnInterruptedOrUnreadablePart() throws Exception {
        String[] sweep = {"grid", "--rates", "0.01,0.02,0.03", "--data", "examples/qiita/apples.csv", "--no-intercept",
            "-q"};
        Path[] parts = new Path[2];
        for (int k = 0; k < 2; k++) {
            parts[k] = dir.resolve("i" + k + ".json");
            assertEquals(0, Cli.run(ReferenceExperimentTest.concat(sweep, "--shard", k + "/2", "--json",
                    parts[k].toString())).code());
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode part = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(parts[1].toFile());
        // trial 1 cut off by Ctrl-C: as a single interrupted run, the merge exits 130 and gates nothing
        com.fasterxml.jackson.databind.node.ObjectNode run =
                (com.fasterxml.jackson.databind.node.ObjectNode) part.get("runs").get(0).get("run");
        run.put("interrupted", true);
        // the summary row says so too, as the shard writes it (an edit of the run alone is refused)
        ((com.fasterxml.jackson.databind.node.ObjectNode) part.get("trials").get(0)).put("status", "interrupted");
        Path cut = dir.resolve("cut.json");
        mapper.writeValue(cut.toFile(), part);
        Cli interrupted = Cli.run("merge", parts[0].toString(), cut.toString(), "--fail-on-diverge");
        assertEquals(130, interrupted.code(), interrupted.err());
        assertTrue(interrupted.err().contains("interrupted: 2 of 3 trials finished; run shard 1/2 again"),
                interrupted.err());
        // a run without the fields this version writes: a one-line error naming the file, exit 2
        run.put("interrupted", false);
        run.remove("epoch_losses");
        Path old = dir.resolve("old.json");
        mapper.writeValue(old.toFile(), part);
        Cli unreadable = Cli.run("merge", parts[0].toString(), old.toString());
        assertEquals(2, unreadable.code(), unreadable.err());
        assertTrue(unreadable.err().contains(old + ": trial 1 cannot be read"), unreadable.err());
        // beyond the JSON reader's limits (nesting over 1000, a 1,500-digit number): exit 2 naming
        // the file; the limit comes without a line, which was a NullPointerException (exit 1)
        Path deep = dir.resolve("deep.json");
        java.nio.file.Files.writeString(deep, "[".repeat(2000) + "]".repeat(2000));
        Path digits = dir.resolve("digits.json");
        java.nio.file.Files.writeString(digits, "{\"tool\": " + "7".repeat(1500) + "}");
        for (Path f : new Path[] {deep, digits}) {
            Cli limit = Cli.run("merge", parts[0].toString(), f.toString());
            assertEquals(2, limit.code(), limit.err());
            assertTrue(limit.err().startsWith("lrsweep merge: " + f + ": not valid JSON: "), limit.err());
            assertTrue(limit.err().contains("exceeds the maximum allowed (1000)"), limit.err());
        }
        // a damaged trial in a part: named with its file, and nothing written
        com.fasterxml.jackson.databind.node.ObjectNode damaged = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(parts[1].toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) damaged.get("trials").get(0)).put("final_loss", "x");
        Path bad = dir.resolve("bad.json");
        mapper.writeValue(bad.toFile(), damaged);
        Path out = dir.resolve("merged.json");
        Cli damagedMerge = Cli.run("merge", parts[0].toString(), bad.toString(), "--json", out.toString());
        assertEquals(2, damagedMerge.code(), damagedMerge.err());
        assertTrue(damagedMerge.err().contains(bad + ": trials[0].final_loss"), damagedMerge.err());
        assertTrue(!Files.exists(out), "nothing written");
    }
}
