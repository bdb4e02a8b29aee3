package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes killed mid-sweep: SIGKILL loses at most the trials in flight and --resume gives the
 * same summary as an uninterrupted run; SIGINT writes the summary of what finished and exits 130.
 */
class InterruptionTest {
    /**
     * 200 trials in ten groups of 20 that share batches (one batch size each): the trials of a group
     * train together and finish together, so the groups finish one after another.
     */
    static final String[] SWEEP = {"random", "--min", "1e-4", "--max", "0.1", "--trials", "20", "--seed", "3",
        "--data", "examples/breast_cancer/wdbc.csv", "--target", "malignant", "--standardize", "--model",
        "mlp(hidden=64)", "--epochs", "2", "--batch-size", "16,17,18,19,20,21,22,23,24,25", "--jobs", "1", "-q"};

    @TempDir
    Path dir;

    static Process start(Path stdout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.lrsweep.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static long lines(Path f) throws Exception {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    static void waitForLines(Path f, long n, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(f) < n) {
            assertTrue(p.isAlive(), "the sweep ended before it could be interrupted");
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + n + " lines");
            Thread.sleep(20);
        }
    }

    @Test
    void ctrlCBeforeTheSweepStartsEndsTheProcessAtOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigIntIgnored(),
                "SIGINT is ignored in this process (started in the background by a shell), so in the sweep too");
        // --data is a named pipe no one writes to: reading it waits for ever, before any trial
        Path fifo = dir.resolve("p.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        Path json = dir.resolve("out.json");
        Process p = start(dir.resolve("out.txt"), "grid", "--rates", "0.1", "--data", fifo.toString(), "--json",
                json.toString());
        Thread.sleep(1500);
        assertTrue(p.isAlive(), "the read should still be waiting for a writer");
        new ProcessBuilder("sh", "-c", "kill -INT " + p.pid()).start().waitFor();
        // the hook does not wait for a summary that no trial will ever produce (it waited 60 s)
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "still running 15 s after Ctrl-C");
        assertEquals(130, p.exitValue());
        assertFalse(Files.exists(json));
    }

    @Test
    void killNineThenResumeGivesTheSameSummary() throws Exception {
        Path log = dir.resolve("r.jsonl");
        Process p = start(dir.resolve("out.txt"), ReferenceExperimentTest.concat(SWEEP, "--results", log.toString()));
        waitForLines(log, 60, p);
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        long kept = lines(log) - 1;
        assertTrue(kept >= 59 && kept < 200, "kept " + kept);

        Path resumed = dir.resolve("resumed.json");
        Cli r = Cli.run(ReferenceExperimentTest.concat(SWEEP, "--resume", log.toString(), "--json", resumed.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resume: " + kept + " of 200 trials already finished"), r.err());
        assertEquals(201, lines(log));

        Path fresh = dir.resolve("fresh.json");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(SWEEP, "--json", fresh.toString())).code());
        assertEquals(ReferenceExperimentTest.stripTimings(Files.readString(fresh)),
                ReferenceExperimentTest.stripTimings(Files.readString(resumed)));
    }

    @Test
    void aLastLineCutOffIsDroppedSaidAndRunAgain() throws Exception {
        // as a kill in the middle of a write leaves it: the last trial's line without its end
        String[] grid = {"grid", "--rates", "0.01,0.02,0.03", "--data", ReferenceExperimentTest.DATA, "--target", "y",
            "--no-intercept", "-q"};
        Path log = dir.resolve("r.jsonl");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(grid, "--results", log.toString())).code());
        java.util.List<String> all = Files.readAllLines(log);
        assertEquals(4, all.size());
        String last = all.get(3);
        Files.writeString(log, String.join("\n", all.subList(0, 3)) + "\n" + last.substring(0, last.length() / 2));
        Path resumed = dir.resolve("resumed.json");
        Cli r = Cli.run(ReferenceExperimentTest.concat(grid, "--resume", log.toString(), "--json", resumed.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resume: 2 of 3 trials already finished (" + log
                + ":4: an incomplete or damaged last line, dropped; its trial runs again)"), r.err());
        assertEquals(4, lines(log));
        Path fresh = dir.resolve("fresh.json");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(grid, "--json", fresh.toString())).code());
        assertEquals(ReferenceExperimentTest.stripTimings(Files.readString(fresh)),
                ReferenceExperimentTest.stripTimings(Files.readString(resumed)));
        // a log that ends cleanly says nothing more
        Cli again = Cli.run(ReferenceExperimentTest.concat(grid, "--resume", log.toString()));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("resume: 3 of 3 trials already finished\n"), again.err());
    }

    /**
     * Whether this process ignores SIGINT (Linux's /proc/self/status): a shell without job control
     * starts background commands so, the children inherit it, and the JVM then leaves SIGINT
     * ignored — the sweep would not hear the Ctrl-C this test sends.
     */
    static boolean sigIntIgnored() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return false;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2L) != 0;
        }
        return false;
    }

    @Test
    void ctrlCWritesWhatFinishedAndExits130() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigIntIgnored(),
                "SIGINT is ignored in this process (started in the background by a shell), so in the sweep too");
        Path log = dir.resolve("r.jsonl");
        Path json = dir.resolve("summary.json");
        Process p = start(dir.resolve("out.txt"), ReferenceExperimentTest.concat(SWEEP, "--results", log.toString(),
                "--json", json.toString()));
        waitForLines(log, 20, p);
        new ProcessBuilder("sh", "-c", "kill -INT " + p.pid()).start().waitFor(); // the shell's builtin kill
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode summary = mapper.readTree(json.toFile());
        java.util.Set<Integer> logged = new java.util.HashSet<>();
        List<String> logLines = Files.readAllLines(log);
        for (String line : logLines.subList(1, logLines.size())) logged.add(mapper.readTree(line).get("trial").get("id").asInt());
        int finished = 0;
        int interrupted = 0;
        for (JsonNode t : summary.get("trials")) {
            String status = t.get("status").asText();
            boolean inLog = logged.contains(t.get("id").asInt());
            if (status.equals("interrupted")) {
                interrupted++;
                assertFalse(inLog, "interrupted trial " + t.get("id") + " logged");
            } else if (inLog) {
                finished++;
            } else {
                // cut off by the interrupt after its loss went non-finite: divergence outranks interruption
                assertEquals("diverged", status, "trial " + t.get("id") + " finished but was not logged");
                interrupted++;
            }
        }
        assertTrue(finished >= 19 && interrupted > 0, finished + " finished, " + interrupted + " interrupted");
        assertEquals(200, finished + interrupted);
        assertEquals(finished, lines(log) - 1, "the log holds exactly the finished trials");
        for (File f : dir.toFile().listFiles()) assertTrue(!f.getName().endsWith(".tmp"), "temporary file left: " + f);
    }
}
