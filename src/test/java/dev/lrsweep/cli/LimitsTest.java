package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.CsvOptions;
import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.Dataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs at the limits: a 10 MB cell, 100,000 columns, a data file larger than the JVM's heap, an
 * oversized sweep file, a summary larger than the heap. Each must end in a clear one-line error
 * (or, where the input is legitimate, in success), never an {@link OutOfMemoryError}.
 *
 * <p>Memory limits are tested in a child JVM with a small {@code -Xmx}, so the files stay small
 * (tens of megabytes) and this JVM's heap is never at risk. The disabled tests state the contract
 * where lrsweep does not meet it yet; their reasons say what happens today.
 */
class LimitsTest {
    private static final int TEN_MB = 10 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aTenMegabyteNumericCellIsOutOfRange() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "x,y\n1,2\n" + "1".repeat(TEN_MB) + ",3\n");
        assertOneLine(Cli.run("grid", "--rates", "0.01", "--data", f.toString()),
                "d.csv:3:1: '" + "1".repeat(37) + "...' is out of range (column x)");
    }

    @Test
    void aTenMegabyteQuotedTextCellIsNotANumber() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "x,y\n1,2\n3,\"" + "a,\n".repeat(TEN_MB / 3) + "\"\n");
        assertOneLine(Cli.run("grid", "--rates", "0.01", "--data", f.toString()),
                "d.csv:3:2: 'a, a, a, a, a, a, a, a, a, a, a, a, a...' is not a number (column y)");
    }

    @Test
    void aTenMegabyteColumnNameIsNotEchoedInFull() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "x" + "1".repeat(TEN_MB) + ",y\n1,2\n");
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", f.toString(), "--target", "z");
        assertOneLine(r, "--target: no column 'z'");
        assertTrue(r.err().length() < 1000, "a short line, got " + r.err().length() + " characters");
    }

    @Test
    void aHundredThousandColumnsAreRead() throws IOException {
        Path f = wide(100_000);
        Dataset d = CsvReader.read(f, CsvOptions.defaults());
        assertEquals(99_999, d.features());
        assertEquals(3, d.rows());
    }

    @Test
    void aBadCellInColumnOneHundredThousandIsNamed() throws IOException {
        Path f = dir.resolve("wide.csv");
        StringBuilder sb = new StringBuilder();
        for (int j = 1; j <= 100_000; j++) sb.append(j == 1 ? "" : ",").append('c').append(j);
        sb.append('\n').append("1,".repeat(99_999)).append("x\n");
        Files.writeString(f, sb);
        assertOneLine(Cli.run("grid", "--rates", "0.01", "--data", f.toString(), "-q"),
                "wide.csv:2:100000: 'x' is not a number (column c100000)");
    }

    @Test
    void aHundredThousandColumnsRunWithoutRunningOutOfMemory() throws Exception {
        // the closed-form analysis is skipped above 2000 parameters (its p×p matrices), so the sweep runs
        Child r = child("256m", "grid", "--rates", "0.01", "--data", wide(100_000).toString(), "-q", "--steps", "1");
        assertTrue(r.code() == 0 || r.code() == 3, r.err());
        assertFalse(r.err().contains("OutOfMemoryError"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aDataFileLargerThanTheHeapIsRefused() throws Exception {
        Path f = rows(dir.resolve("big.csv"), 100L << 20);
        Child r = child("64m", "grid", "--rates", "0.01", "--data", f.toString(), "-q");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("big.csv: too large to load into memory"), r.err());
    }

    @Test
    void aDataFileThatFitsOnlyOnceGivesAClearError() throws Exception {
        Path f = rows(dir.resolve("big.csv"), 100L << 20);
        Child r = child("256m", "grid", "--rates", "0.01", "--data", f.toString(), "-q", "--steps", "1");
        assertFalse(r.err().contains("OutOfMemoryError"), r.err());
        assertTrue(r.code() == 0 || r.code() == 2, r.err());
    }

    @Test
    void aSweepFileOverOneMegabyteIsRefused() throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "kind: grid\n" + ("# padding\n").repeat(110_000));
        assertOneLine(Cli.run("run", f.toString()), "s.yaml: larger than 1 MiB; not a sweep file");
    }

    @Test
    void aSummaryLargerThanTheHeapIsChecked() throws Exception {
        // 15,000 trials with 10 kB of parameters each: a 147 MB file, checked in a 96 MB heap
        Path f = dir.resolve("big.json");
        StringBuilder params = new StringBuilder("{");
        for (int j = 1; j <= 570; j++) params.append("\"a").append(j).append("\": 0.123456789, ");
        params.append("\"b\": 0}");
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"tool\": \"lrsweep\", \"version\": \"0.1.0\", \"schema_version\": 1,\n\"trials\": [\n");
            for (int i = 0; i < 15_000; i++) {
                w.write((i == 0 ? "" : ",\n") + "{\"id\": " + i + ", \"lr\": " + (i % 2 == 0 ? "0.01" : "0.04")
                        + ", \"status\": \"" + (i % 2 == 0 ? "converged" : "diverged") + "\", \"final_loss\": 1.5, "
                        + "\"params\": " + params + "}");
            }
            w.write("],\n\"best\": {\"id\": 0, \"lr\": 0.01, \"final_loss\": 1.5}}\n");
        }
        assertTrue(Files.size(f) > 140_000_000L, "the file is larger than the heap: " + Files.size(f));
        Child r = child("96m", "check", f.toString(), "--expect-converged", "0.01", "--expect-diverged", "0.04",
                "--expect-best-between", "0.005:0.02");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("check: 3 expectations, 0 failed", r.out().strip());
    }

    private Path wide(int columns) throws IOException {
        Path f = dir.resolve("wide" + columns + ".csv");
        StringBuilder sb = new StringBuilder();
        for (int j = 1; j <= columns; j++) sb.append(j == 1 ? "" : ",").append('c').append(j);
        sb.append('\n');
        String row = "1,".repeat(columns - 1) + "2\n";
        sb.append(row).append(row).append(row);
        Files.writeString(f, sb);
        return f;
    }

    /** A valid two-column CSV of about {@code bytes} bytes. */
    private static Path rows(Path f, long bytes) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.US_ASCII)) {
            w.write("x,y\n");
            String row = "1.5,2.5\n";
            for (long n = 0; n < bytes / row.length(); n++) w.write(row);
        }
        return f;
    }

    private static void assertOneLine(Cli r, String expected) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line");
        assertFalse(err.contains("Exception") || err.contains("Error"), "no stack trace");
        assertTrue(err.length() < 1000, "a short line, got " + err.length() + " characters");
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    }

    private record Child(int code, String out, String err) {
    }

    /** Runs lrsweep in a fresh JVM with the given maximum heap, on this test's class path. */
    private Child child(String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lrsweep did not finish within two minutes");
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
