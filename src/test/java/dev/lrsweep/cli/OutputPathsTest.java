package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.AtomicOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Outputs that are links, devices or pipes: written through, never replaced. */
class OutputPathsTest {
    @TempDir
    Path dir;

    private static final String[] GRID = {"grid", "--rates", "0.01,0.03", "--data", ReferenceExperimentTest.DATA,
        "--target", "y", "--no-intercept", "-q"};

    @Test
    void aLinkStaysALinkAndItsFileGetsTheOutput() throws Exception {
        Path real = dir.resolve("real.json");
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, real.getFileName()); // relative, dangling until written
        Cli r = Cli.run(ReferenceExperimentTest.concat(GRID, "--json", link.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("\"schema_version\""));
    }

    @Test
    void anInputReachedThroughALinkIsNotOverwritten() throws Exception {
        Path data = dir.resolve("a.csv");
        Files.copy(Path.of(ReferenceExperimentTest.DATA), data);
        Path link = dir.resolve("alink.csv");
        Files.createSymbolicLink(link, data);
        String before = Files.readString(data);
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", link.toString(), "--target", "y", "--no-intercept", "-q",
                "--json", data.toString());
        assertEquals(2, r.code());
        assertEquals("lrsweep grid: --json: " + data + " is also an input file; it would be overwritten", r.err().strip());
        assertEquals(before, Files.readString(data));
    }

    @Test
    @Timeout(30)
    void aPipeIsWrittenToNotReplaced() throws Exception {
        Path fifo = dir.resolve("out.fifo");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "no mkfifo");
        StringBuilder got = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                got.append(Files.readString(fifo));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        Cli r = Cli.run(ReferenceExperimentTest.concat(GRID, "--json", fifo.toString()));
        reader.join();
        assertEquals(0, r.code(), r.err());
        assertTrue(got.toString().contains("\"schema_version\""), got.toString());
        // still a pipe: renaming a file over it would have replaced it
        assertTrue(AtomicOutput.special(fifo));
    }

    @Test
    void theDevicesAreWrittenToAndStayDevices() throws Exception {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(AtomicOutput.special(devNull), "no /dev/null device");
        AtomicOutput.write(devNull, out -> out.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(AtomicOutput.special(devNull));
        Cli r = Cli.run(ReferenceExperimentTest.concat(GRID, "--json", "/dev/null", "--csv", "/dev/null"));
        assertEquals(0, r.code(), r.err());
        assertTrue(AtomicOutput.special(devNull));
    }

    @Test
    @Timeout(30)
    void aPipeWhereTheCacheGoesIsLeftAlone() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.copy(Path.of(ReferenceExperimentTest.DATA), data);
        Path cache = dev.lrsweep.data.DatasetCache.cacheFile(data);
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", cache.toString()).start().waitFor() == 0, "no mkfifo");
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", data.toString(), "--target", "y", "--no-intercept", "-q",
                "--cache");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("is not a regular file; not cached"), r.err());
    }

    /** The command line that runs lrsweep in a JVM of its own, with {@code args}. */
    private static java.util.List<String> lrsweep(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.lrsweep.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** Exit code and stderr of lrsweep run with {@code args}, its stdout on /dev/full. */
    private static String[] onFullDisk(java.util.List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectOutput(new java.io.File("/dev/full")).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), err};
    }

    @Test
    void aFullDiskOnStdoutIsAnError() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/dev/full").exists(), "no /dev/full");
        Path json = dir.resolve("s.json");
        Path csv = dir.resolve("s.csv");
        Path plot = dir.resolve("s.svg");
        java.util.List<String> cmd = lrsweep(GRID);
        cmd.addAll(java.util.List.of("--format", "json", "--json", json.toString(), "--csv", csv.toString(), "--plot",
                plot.toString()));
        String[] r = onFullDisk(cmd);
        // the summary was lost: not a success, said once, and the run's files are not left behind
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].startsWith("lrsweep grid: cannot write to stdout ("), r[1]);
        assertTrue(r[1].strip().endsWith("the output is incomplete; no output file was written"), r[1]);
        assertEquals(1, r[1].strip().lines().count(), r[1]);
        assertFalse(Files.exists(json) || Files.exists(csv) || Files.exists(plot), r[1]);
        // find alike
        String[] f = onFullDisk(lrsweep("find", "--data", ReferenceExperimentTest.DATA, "--target", "y", "--no-intercept",
                "--format", "json", "--json", json.toString(), "--plot", plot.toString()));
        assertEquals("2", f[0], f[1]);
        assertTrue(f[1].contains("lrsweep find: cannot write to stdout ("), f[1]);
        assertFalse(Files.exists(json) || Files.exists(plot), f[1]);
    }

    /**
     * One output file on a full disk (--json /dev/full): the run's files appear together or not at
     * all, so the plot and the CSV staged before and after it are not left behind either (the plot,
     * written first, used to stay), and the one line names the file that failed.
     */
    @Test
    void anOutputFileOnAFullDiskLeavesNoOtherOutputFile() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/dev/full").exists(), "no /dev/full");
        Path csv = dir.resolve("s.csv");
        Path plot = dir.resolve("s.svg");
        Cli r = Cli.run(ReferenceExperimentTest.concat(GRID, "--plot", plot.toString(), "--json", "/dev/full", "--csv",
                csv.toString()));
        assertEquals(2, r.code(), r.err());
        assertEquals("lrsweep grid: /dev/full: cannot write or read it: No space left on device; no output file was "
                + "written", r.err().strip());
        assertFalse(Files.exists(csv) || Files.exists(plot), r.err());
        assertEquals(java.util.List.of(), files(), "temporary files left behind");
        // find alike
        Cli f = Cli.run("find", "--data", ReferenceExperimentTest.DATA, "--target", "y", "--no-intercept", "--plot",
                plot.toString(), "--json", "/dev/full");
        assertEquals(2, f.code(), f.err());
        assertTrue(f.err().strip().endsWith("lrsweep find: /dev/full: cannot write or read it: No space left on device; "
                + "no output file was written"), f.err());
        assertFalse(Files.exists(plot), f.err());
    }

    /**
     * A batch whose third file fails: the first two targets keep what they held (one existed, one
     * did not), no temporary file stays; a batch that is committed writes every file.
     */
    @Test
    void aBatchOfFilesAppearsTogetherOrNotAtAll() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Path c = dir.resolve("c.txt");
        Files.writeString(a, "old");
        java.io.IOException failure = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> {
            try (AtomicOutput.Batch batch = new AtomicOutput.Batch()) {
                batch.write(a, out -> out.write("new a".getBytes()));
                batch.write(b, out -> out.write("new b".getBytes()));
                batch.write(c, out -> {
                    out.write("half".getBytes());
                    throw new java.io.IOException("disk gone");
                });
                batch.commit();
            }
        });
        assertEquals(c + ": disk gone", failure.getMessage());
        assertEquals("old", Files.readString(a));
        assertFalse(Files.exists(b) || Files.exists(c));
        assertEquals(java.util.List.of(a), files());
        try (AtomicOutput.Batch batch = new AtomicOutput.Batch()) {
            batch.write(a, out -> out.write("new a".getBytes()));
            batch.write(b, out -> out.write("new b".getBytes()));
            // nothing is in place before the commit
            assertEquals("old", Files.readString(a));
            assertFalse(Files.exists(b));
            batch.commit();
        }
        assertEquals("new a", Files.readString(a));
        assertEquals("new b", Files.readString(b));
        assertEquals(java.util.List.of(a, b), files());
    }

    /**
     * Devices and pipes are written first, from their content, at the commit. One that fails stops
     * the batch before any rename, and written() names the device written before it; a pipe whose
     * reader has left (a broken pipe, here thrown by the content while /dev/null takes it) does not
     * stop the files, which are renamed into place before its error is thrown.
     */
    @Test
    void aBatchWritesDevicesFirstAndGoesOnPastABrokenPipe() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(AtomicOutput.special(devNull), "no /dev/null device");
        AtomicOutput.Batch full = new AtomicOutput.Batch();
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> {
            try (full) {
                full.write(a, out -> out.write("a".getBytes()));
                full.write(devNull, out -> out.write("fine".getBytes()));
                full.write(devNull, out -> {
                    throw new java.io.IOException("No space left on device");
                });
                full.write(b, out -> out.write("b".getBytes()));
                full.commit();
            }
        });
        assertEquals("/dev/null: No space left on device", e.getMessage());
        assertEquals(java.util.List.of(devNull), full.written());
        assertEquals(java.util.List.of(), files(), "nothing renamed, no temporary file left");
        AtomicOutput.Batch pipe = new AtomicOutput.Batch();
        e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> {
            try (pipe) {
                pipe.write(a, out -> out.write("a".getBytes()));
                pipe.write(devNull, out -> {
                    throw new java.io.IOException("Broken pipe");
                });
                pipe.write(b, out -> out.write("b".getBytes()));
                pipe.commit();
            }
        });
        assertEquals("/dev/null: Broken pipe", e.getMessage());
        assertEquals(java.util.List.of(a, b), pipe.written());
        assertEquals("a", Files.readString(a));
        assertEquals("b", Files.readString(b));
        assertEquals(java.util.List.of(a, b), files());
    }

    /** The files in this test's directory, by name. */
    private java.util.List<Path> files() throws java.io.IOException {
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            return left.sorted().toList();
        }
    }

    @Test
    void aTrippedGateWithStdoutOnAFullDiskKeeps3AndSaysSo() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/dev/full").exists(), "no /dev/full");
        Path summary = dir.resolve("s.json");
        java.util.List<String> grid = new java.util.ArrayList<>(java.util.List.of(GRID));
        grid.addAll(java.util.List.of("--json", summary.toString()));
        assertEquals(0, Cli.run(grid.toArray(String[]::new)).code());
        // the reference experiment's best rate is 0.03, outside [1, 2]: check's gate trips, and its
        // report on stdout is lost
        String[] r = onFullDisk(lrsweep("check", summary.toString(), "--expect-best-between", "1:2"));
        assertEquals("3", r[0], r[1]);
        assertEquals(1, r[1].strip().lines().count(), r[1]);
        assertTrue(r[1].startsWith("lrsweep check: cannot write to stdout ("), r[1]);
    }

    @Test
    void aPipeClosedEarlyEndsQuietlyWith141() throws Exception {
        // as `lrsweep grid ... | head -1`: the reader leaves after one line; lrsweep neither calls it
        // bad usage (2) nor prints an error, and exits as a tool SIGPIPE ends (128 + 13)
        // megabytes of step rows, far more than a pipe holds: writes go on after the reader left
        Path json = dir.resolve("s.json");
        java.util.List<String> cmd = lrsweep("grid", "--range", "1e-3:3e-2", "--points", "40", "--data",
                ReferenceExperimentTest.DATA, "--target", "y", "--no-intercept", "--steps", "2000", "--log-every", "1",
                "--json", json.toString());
        Process p = new ProcessBuilder(cmd).start();
        java.io.InputStream in = p.getInputStream();
        while (in.read() != '\n') {
            // the first line
        }
        in.close();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(141, p.exitValue(), err);
        // the summary file is written all the same: the reader chose to stop reading
        assertTrue(Files.exists(json));
        assertEquals("wrote " + json, err.strip());
    }

    @Test
    void aWriteThatFailsNamesTheFileAskedFor() throws Exception {
        Path proc = Path.of("/proc");
        Assumptions.assumeTrue(Files.isDirectory(proc) && Files.isWritable(proc), "needs a /proc that looks writable");
        // /proc passes the directory check (as root) but refuses new files: the error names the
        // output, not the temporary file beside it
        Cli r = Cli.run("gen", "--rows", "3", "--out", "/proc/lrsweep-test.csv");
        assertEquals(2, r.code());
        assertEquals("lrsweep gen: /proc/lrsweep-test.csv: cannot write or read it: no such file or directory",
                r.err().strip());
    }

    @Test
    void anEmptyOutputNameAndADirectoryAsAPartAreNamed() throws Exception {
        Cli json = Cli.run(ReferenceExperimentTest.concat(GRID, "--json", ""));
        assertEquals(2, json.code());
        assertEquals("lrsweep grid: --json: needs a file name, got an empty one", json.err().strip());
        Cli gen = Cli.run("gen", "--rows", "3", "--out", "");
        assertEquals(2, gen.code());
        assertEquals("lrsweep gen: --out: needs a file name, got an empty one", gen.err().strip());
        Cli merge = Cli.run("merge", dir.toString());
        assertEquals(2, merge.code());
        assertEquals("lrsweep merge: " + dir + ": is a directory, not a part", merge.err().strip());
    }

    @Test
    void aValidationFileWithoutATrainingColumnIsAboutVal() throws Exception {
        Path val = dir.resolve("v.csv");
        Files.writeString(val, "x1,y\n1,200\n");
        Cli r = Cli.run(ReferenceExperimentTest.concat(GRID, "--val", val.toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().strip().startsWith("lrsweep grid: --val: no column 'x2' in " + val), r.err());
        assertTrue(r.err().contains("(the validation file needs the training data's columns)"), r.err());
    }
}
