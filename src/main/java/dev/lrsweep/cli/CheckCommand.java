package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lrsweep check SUMMARY.json --expect-...}: a CI gate on a JSON summary written earlier by
 * {@code grid}, {@code random} or {@code find}. Prints one line per failed expectation and a last
 * line {@code check: N expectations, M failed} on stdout; exits 3 when any failed, 0 when all hold,
 * and 2 when the file is not an lrsweep summary this version reads.
 */
@Command(addMethodSubcommands = false, name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Check a JSON summary against CI expectations: one line per failed expectation, "
                + "exit code 3 when any failed, 0 when all hold.",
        footer = {"", "Examples:",
            "  lrsweep grid --rates 0.01,0.02,0.03,0.032,0.035,0.04 --target y \\",
            "      --data examples/qiita/apples.csv --no-intercept --quiet --json out.json",
            "  lrsweep check out.json --expect-best-between 0.02:0.04 \\",
            "      --expect-converged 0.03,0.032 --expect-diverged 0.035,0.04 \\",
            "      --expect-not-diverged 0.01,0.02 --max-best-loss 140",
            "  lrsweep check out.json      # only checks that out.json is a summary",
            "",
            "A rate names every trial whose lr equals it or prints as it (six significant digits, as in the "
                + "tables); a rate that names no trial fails. For find, the trials and the best are those of "
                + "--refine; without it the best is the suggested rate, which has no loss.",
            "", "Exit codes: 0 every expectation holds, 2 bad usage or not a readable lrsweep summary, "
                + "3 an expectation failed."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUMMARY",
            description = "The JSON summary: the file grid, random or find wrote with --json.")
    Path summary;

    @Mixin
    Expectations expectations;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() {
        expectations.validate();
        JsonNode root = SweepSummary.read(summary);
        if (root.has("shard") && root.has("sweep_hash")) {
            // a part holds one shard's trials: its best is not the sweep's
            throw new UsageException(summary + ": a shard part (shard " + root.path("shard").path("index") + "/"
                    + root.path("shard").path("count") + "), not a sweep's summary; check what 'lrsweep merge' writes");
        }
        SweepSummary s;
        try {
            s = SweepSummary.of(root);
        } catch (UsageException e) {
            throw new UsageException(summary + ": " + e.getMessage());
        }
        return expectations.gate(s, spec.commandLine().getOut(), "check");
    }
}
