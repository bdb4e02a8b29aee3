package dev.lrsweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options saying what to print and write. */
final class OutputOptions {
    /** What stdout carries. */
    enum Format { table, json }

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary to FILE (atomically).")
    Path json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "What stdout carries: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "With json, stdout holds only the JSON summary.")
    Format format;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary table, not the per-trial tables.")
    boolean quiet;

    @Option(names = "--fail-on-diverge", description = "Exit with code 3 when any trial diverged.")
    boolean failOnDiverge;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    void validate() {
        if (json != null) SweepCommandRunner.checkOutputDir(json);
    }
}
