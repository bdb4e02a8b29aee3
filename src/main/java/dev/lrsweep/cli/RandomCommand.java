package dev.lrsweep.cli;

import dev.lrsweep.sweep.Distribution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrsweep random}: rates drawn log-uniformly, crossed with the other swept axes. */
@Command(addMethodSubcommands = false, name = "random", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Train with rates drawn log-uniformly from [--min, --max]; the same seed gives the same draws.",
        footer = {"", "Examples:",
            "  lrsweep random --min 1e-4 --max 1 --trials 20 --seed 7 --data d.csv --format json",
            "  lrsweep random --min 1e-3 --max 0.1 --trials 8 --optimizer sgd,adam --seed 1,2,3 --data d.csv",
            "", "The draws come from the first --seed; further seeds repeat every setting."})
final class RandomCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    Main parent;

    @Option(names = "--min", required = true, paramLabel = "LR", description = "Smallest rate, > 0.")
    double min;

    @Option(names = "--max", required = true, paramLabel = "LR", description = "Largest rate, > --min.")
    double max;

    @Option(names = "--trials", required = true, paramLabel = "N", description = "How many rates to draw.")
    int trials;

    @Option(names = "--spacing", defaultValue = "log", paramLabel = "SCALE",
            description = "Draw uniformly on a log or linear scale: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    GridCommand.Spacing spacing;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    TrainOptions trainOptions;

    @Mixin
    SweepOptions sweepOptions;

    @Mixin
    OutputOptions output;

    @Mixin
    Expectations expectations;

    @Override
    public Integer call() throws Exception {
        if (!(min > 0) || !Double.isFinite(min)) throw new UsageException("--min: must be a finite number > 0, got " + min);
        if (!(max > min) || !Double.isFinite(max)) {
            throw new UsageException("--max: must be a finite number above --min (" + min + "), got " + max);
        }
        if (trials < 1) throw new UsageException("--trials: must be at least 1, got " + trials);
        if (trials > 100_000) throw new UsageException("--trials: at most 100000, got " + trials);
        Distribution d = GridCommand.distribution(spacing, min, max);
        double[] rates = d.draws(trials, sweepOptions.firstSeed());
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("distribution", spacing == GridCommand.Spacing.log ? "log_uniform" : "uniform");
        sweep.put("min", min);
        sweep.put("max", max);
        sweep.put("trials", trials);
        sweep.put("rates", rates);
        return new SweepCommandRunner(spec, parent.interrupt(), "random", dataOptions, trainOptions, sweepOptions, output, expectations).run(rates, sweep);
    }
}
