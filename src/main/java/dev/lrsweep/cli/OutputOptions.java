package dev.lrsweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options saying what to print and write. */
@picocli.CommandLine.Command(addMethodSubcommands = false) // no scan of its methods for subcommands
final class OutputOptions {
    /** What stdout carries. */
    enum Format { table, json, jsonl }

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary to FILE (atomically).")
    Path json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "What stdout carries: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "json: only the JSON summary; jsonl: one JSON object per trial as it finishes, "
                    + "then the summary.")
    Format format;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary table, not the per-trial tables.")
    boolean quiet;

    @Option(names = "--fail-on-diverge", description = "Exit with code 3 when any trial diverged.")
    boolean failOnDiverge;

    @Option(names = "--debug", description = "Print stack traces for errors, and where the run's time went.")
    boolean debug;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw the loss curves (find: the range-test curve) to FILE.png or FILE.svg.")
    Path plot;

    @Option(names = "--results", paramLabel = "FILE",
            description = "Append each finished trial to FILE (JSON Lines, synced per trial) so --resume can go on.")
    Path results;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Skip the trials FILE already holds (it must be of the same sweep) and append the rest.")
    Path resume;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Write every logged step of every trial to FILE in long format (atomically).")
    Path csv;

    @Option(names = "--chart", description = "Draw the same chart in the terminal (on stderr with --format json).")
    boolean chart;

    void validate() {
        if (json != null) SweepCommandRunner.checkOutputDir(json, "--json");
        if (csv != null) SweepCommandRunner.checkOutputDir(csv, "--csv");
        if (results != null) SweepCommandRunner.checkOutputDir(results, "--results");
        if (results != null && resume != null) {
            throw new UsageException("--results and --resume: give one; --resume appends to the file it reads");
        }
        // a log starts empty: an existing file holds an earlier sweep's finished trials, or something else
        try {
            if (results != null && java.nio.file.Files.isRegularFile(results) && java.nio.file.Files.size(results) > 0) {
                throw new UsageException("--results: " + results + " exists; continue it with --resume " + results
                        + ", or remove it first");
            }
        } catch (java.io.IOException e) {
            throw new UsageException("--results: " + results + ": cannot read it: " + e.getMessage());
        }
        if (plot != null) {
            SweepCommandRunner.checkOutputDir(plot, "--plot");
            String n = plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!n.endsWith(".png") && !n.endsWith(".svg")) {
                throw new UsageException("--plot: the file must end in .png or .svg, got " + plot);
            }
        }
    }

    /**
     * Fails when two outputs name the same file, or an output names one of the {@code inputs}
     * (the data files): either would be silently overwritten.
     */
    /** The flags that name output files, in the order {@link #requireDistinct} checks them. */
    static final java.util.List<String> OUTPUT_FLAGS = java.util.List.of("--json", "--csv", "--results", "--plot");

    void requireDistinct(Path... inputs) {
        java.util.Map<Path, String> seen = new java.util.LinkedHashMap<>();
        for (Path in : inputs) {
            if (in != null) seen.put(identity(in), "input");
        }
        String[] names = OUTPUT_FLAGS.toArray(new String[0]);
        Path[] files = {json, csv, results, plot};
        for (int i = 0; i < files.length; i++) {
            if (files[i] == null) continue;
            Path id = identity(files[i]);
            // a device such as /dev/null may take several outputs
            if (dev.lrsweep.data.AtomicOutput.special(id)) continue;
            String before = seen.putIfAbsent(id, names[i]);
            if (before != null) {
                throw new UsageException(names[i] + ": " + files[i] + " is also "
                        + (before.equals("input") ? "an input file" : "the " + before + " file")
                        + "; it would be overwritten");
            }
        }
    }

    /**
     * The file a path names, whatever the spelling: symbolic links followed (also in its directory),
     * {@code ..} resolved.
     */
    static Path identity(Path p) {
        // an existing file's real path already; a new one's directory may still be a link
        Path abs = dev.lrsweep.data.AtomicOutput.destination(p);
        Path parent = abs.getParent();
        if (java.nio.file.Files.exists(abs) || parent == null) return abs.normalize();
        try {
            return parent.toRealPath().resolve(abs.getFileName());
        } catch (java.io.IOException | RuntimeException e) {
            return abs.normalize();
        }
    }

    /** Where the terminal chart goes: stdout for tables, stderr when stdout holds JSON. */
    java.io.PrintWriter chartWriter(java.io.PrintWriter out, java.io.PrintWriter err) {
        return format == Format.table ? out : err;
    }
}
