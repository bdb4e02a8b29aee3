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

/** A model too large for the heap: one line, exit 2, and the process ends at once. */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aModelTooLargeForTheHeapIsOneLineAndExitTwoWithoutWaiting() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "x1,y\n1,2\n2,3\n3,5\n4,4\n");
        Path json = dir.resolve("out.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "dev.lrsweep.cli.Main",
                "grid", "--data", data.toString(), "--rates", "0.1", "--steps", "2", "--model", "mlp(hidden=5000,layers=2)",
                "--json", json.toString()));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        // the shutdown hook used to wait 60 s for a summary an Error had prevented
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process did not end");
        assertEquals(2, p.exitValue(), Files.readString(err));
        List<String> lines = Files.readAllLines(err);
        assertEquals(1, lines.size(), String.join("\n", lines));
        // 1·5000 + 5000 + 5000·5000 + 5000 + 5000 + 1 = 25,020,001 parameters: about 1.2 GB at six
        // vectors of 8 bytes, far over a 64 MB heap, refused before anything is allocated
        assertTrue(lines.get(0).startsWith("lrsweep grid: --model: mlp(hidden=5000,layers=2): about 1145 MB for its 25020001 "
                + "parameters and buffers, more than the Java heap holds"), lines.get(0));
        assertTrue(!Files.exists(json), "no output file");
    }

    /**
     * Sixteen trials of a network with 161,601 parameters (1 → 400 → 400 → 1), fused two pieces of
     * eight at a time, held about 125 MB at six vectors a trial and ended at the out-of-memory error
     * in a 64 MB heap. Now as many train at a time as the heap holds, with a note, and the summary
     * is the one a large heap gives (timings aside).
     */
    @Test
    void trialsThatTogetherExceedTheHeapTrainFewerAtATimeWithTheSameResults() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "x1,y\n1,2\n2,3\n3,5\n4,4\n");
        List<String> small = run("64m", data, dir.resolve("small.json"));
        List<String> large = run("512m", data, dir.resolve("large.json"));
        assertTrue(small.stream().anyMatch(l -> l.matches("note: [1-9]\\d* of the 16 trials trains? at a time: each holds "
                + "about 4\\.9 MB while it trains and 1\\.2 MB once finished, and a sweep may take [\\d.]+ MB of the "
                + "[\\d.]+ MB of heap free .*; the results are the same")), String.join("\n", small));
        assertTrue(large.stream().noneMatch(l -> l.startsWith("note:")), String.join("\n", large));
        assertEquals(withoutTimings(dir.resolve("large.json")), withoutTimings(dir.resolve("small.json")));
    }

    /**
     * 64 such trials: their final parameters alone (64 × 1.3 MB) are more than a 64 MB heap has
     * free after loading, whatever runs at once; refused before training, in one line, where the
     * sweep used to train and then run out of memory.
     */
    @Test
    void aSweepWhoseFinishedRunsAloneWouldNotFitIsRefusedUpFront() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "x1,y\n1,2\n2,3\n3,5\n4,4\n");
        Path json = dir.resolve("out.json");
        Child c = child("64m", "grid", "--data", data.toString(), "--range", "1e-4:1e-3", "--points", "64", "--steps", "2",
                "--model", "mlp(hidden=400,layers=2)", "--quiet", "--json", json.toString());
        assertEquals(2, c.code(), String.join("\n", c.err()));
        assertEquals(1, c.err().size(), String.join("\n", c.err()));
        // by hand: each run keeps 8 · 161,601 + 16 bytes of final parameters and 208 of history (4
        // losses, 2 logged steps), 64 of them 78.9 MiB; sgd in training holds 3 vectors more, 3.7 MiB
        assertTrue(c.err().get(0).matches("lrsweep grid: the 64 trials' finished runs would take about 78\\.9 MB "
                + "\\(their final parameters and history\\), and one trial in training 3\\.7 MB more, beyond the "
                + "[\\d.]+ MB of heap free: fewer trials, a smaller network, or a "
                + "larger heap \\(LRSWEEP_JAVA_OPTS=-Xmx\\.\\.\\.\\)"), c.err().get(0));
        assertTrue(!Files.exists(json), "no output file");
    }

    /**
     * The same refusal where nothing would train together anyway (one job, 64 seeds: 64 groups of
     * one), which the bound's note never looks at; and before the results log is opened, so a
     * refused sweep leaves none (it left one holding only its header).
     */
    @Test
    void theRefusalHoldsOneTrialAtATimeAndOpensNoLog() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "x1,y\n1,2\n2,3\n3,5\n4,4\n");
        Path log = dir.resolve("results.jsonl");
        StringBuilder seeds = new StringBuilder("1");
        for (int i = 2; i <= 64; i++) seeds.append(',').append(i);
        Child c = child("64m", "grid", "--data", data.toString(), "--rates", "1e-4", "--seed", seeds.toString(), "--steps",
                "2", "--model", "mlp(hidden=400,layers=2)", "--jobs", "1", "--quiet", "--results", log.toString());
        assertEquals(2, c.code(), String.join("\n", c.err()));
        assertEquals(1, c.err().size(), String.join("\n", c.err()));
        assertTrue(c.err().get(0).startsWith("lrsweep grid: the 64 trials' finished runs would take about "),
                c.err().get(0));
        assertTrue(!Files.exists(log), "no results log");
    }

    /**
     * find --refine 12 on that network in a 64 MB heap ran out of memory: its refinement copied the
     * parameters at each logged step, which it never reports, and ran every trial at once. Now it
     * keeps norms, bounds the trials at once, and gives the summary a large heap gives.
     */
    @Test
    void findRefinesALargeNetworkInASmallHeap() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "x1,y\n1,2\n2,3\n3,5\n4,4\n");
        String[] args = {"find", "--data", data.toString(), "--model", "mlp(hidden=400,layers=2)", "--steps", "60",
            "--max", "1", "--refine", "12", "--quiet"};
        Path small = dir.resolve("small.json");
        Path large = dir.resolve("large.json");
        Child s = child("64m", concat(args, "--json", small.toString()));
        assertEquals(0, s.code(), String.join("\n", s.err()));
        Child l = child("512m", concat(args, "--json", large.toString()));
        assertEquals(0, l.code(), String.join("\n", l.err()));
        assertTrue(Files.readString(large).contains("\"refine\" : {"), "a refinement ran");
        assertEquals(withoutTimings(large), withoutTimings(small));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A run's exit code and stderr lines. */
    private record Child(int code, List<String> err) {
    }

    /** Runs lrsweep in a JVM with this heap. */
    private Child child(String heap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.lrsweep.cli.Main"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process did not end");
        return new Child(p.exitValue(), Files.readAllLines(err));
    }

    /** Runs the sweep in a JVM with this heap; its stderr lines (exit 0 asserted). */
    private List<String> run(String heap, Path data, Path json) throws Exception {
        Child c = child(heap, "grid", "--data", data.toString(), "--range", "1e-4:1e-3", "--points", "16", "--steps", "2",
                "--model", "mlp(hidden=400,layers=2)", "--jobs", "2", "--quiet", "--json", json.toString());
        assertEquals(0, c.code(), String.join("\n", c.err()));
        return c.err();
    }

    private static List<String> withoutTimings(Path json) throws java.io.IOException {
        return Files.readAllLines(json).stream().filter(l -> !l.contains("elapsed_ms") && !l.contains("wall_ms")).toList();
    }
}
