package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.report.AtomicFiles;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.train.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lrsweep merge parts/*.json}: the summary of a sharded sweep, as if it had run at once. */
@Command(addMethodSubcommands = false, name = "merge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Merge the JSON parts of a sweep run with --shard K/N into one summary.",
        footer = {"", "Example:",
            "  for k in 0 1 2; do lrsweep grid --rates ... --data d.csv --shard $k/3 --json part-$k.json; done",
            "  lrsweep merge part-*.json --json summary.json",
            "  lrsweep merge part-*.json --json summary.json --expect-best-between 0.01:0.1",
            "", "The shards themselves never gate (a part is not the sweep); merge applies the gates a single run "
                + "would: the --expect-... expectations, every trial diverged, and --fail-on-diverge.",
            "", "Exit codes: 0 ok, 2 parts of different sweeps, a missing or repeated shard, or a file that is "
                + "not a part, 3 a gate tripped, 130 a part holds interrupted trials."})
final class MergeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PART", description = "The parts, one per shard.")
    List<Path> parts;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the merged summary to FILE (atomically) "
            + "instead of stdout.")
    Path json;

    @Option(names = "--fail-on-diverge", description = "Exit with code 3 when any trial diverged.")
    boolean failOnDiverge;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Mixin
    Expectations expectations;

    @Override
    public Integer call() throws Exception {
        expectations.validate();
        if (json != null) {
            SweepCommandRunner.checkOutputDir(json, "--json");
            Path out = OutputOptions.identity(json);
            for (Path part : parts) {
                if (OutputOptions.identity(part).equals(out)) {
                    throw new UsageException("--json: " + json + " is also an input part; it would be overwritten");
                }
            }
        }
        ObjectNode merged = Shards.merge(parts);
        List<SweepSummary.TrialResult> trials = SweepSummary.of(merged).trials();
        String text = JsonSummary.toText(merged);
        if (json == null) {
            spec.commandLine().getOut().print(text);
        } else {
            AtomicFiles.write(json, text);
            spec.commandLine().getErr().println("wrote " + json);
        }
        long interrupted = trials.stream().filter(t -> t.status().equals(Status.INTERRUPTED.label())).count();
        if (interrupted > 0) {
            // as a single run that was interrupted: no gate judges an unfinished sweep
            // trial id k ran in shard k mod N, N the number of parts (merge needs them all)
            java.util.TreeSet<Integer> shards = new java.util.TreeSet<>();
            for (SweepSummary.TrialResult t : trials) {
                if (t.status().equals(Status.INTERRUPTED.label())) shards.add((int) (t.id() % parts.size()));
            }
            StringBuilder which = new StringBuilder();
            for (int k : shards) which.append(which.length() == 0 ? "" : ", ").append(k).append('/').append(parts.size());
            spec.commandLine().getErr().println("interrupted: " + (trials.size() - interrupted) + " of " + trials.size()
                    + " trials finished; run shard" + (shards.size() > 1 ? "s " : " ") + which + " again (with"
                    + " --resume LOG, if it was started with --results LOG, only its unfinished trials run), then merge");
            return ExitCodes.INTERRUPTED;
        }
        boolean any = trials.stream().anyMatch(t -> t.status().equals(Status.DIVERGED.label()));
        boolean all = !trials.isEmpty() && trials.stream().allMatch(t -> t.status().equals(Status.DIVERGED.label()));
        return SweepCommandRunner.gates(expectations, failOnDiverge, all, any, merged, spec.commandLine().getErr());
    }
}
