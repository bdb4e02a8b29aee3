package dev.lrsweep.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrsweep grid}: one trial per listed learning rate. */
@Command(addMethodSubcommands = false, name = "grid", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Train once per learning rate and compare: tables, a summary, the critical rate.",
        footer = {"", "Examples:",
            "  lrsweep grid --rates 0.01,0.02,0.03,0.032,0.035,0.04 \\",
            "      --data examples/qiita/apples.csv --target y --no-intercept",
            "  lrsweep grid --rates 1e-3,3e-3,1e-2 --model logistic --standardize \\",
            "      --data examples/breast_cancer/wdbc.csv --target malignant \\",
            "      --optimizer adam --batch-size 32 --val-split 0.2 --seed 1",
            "  lrsweep grid --range 1e-4:1 --points 9 --optimizer sgd,adam --seed 1,2,3 \\",
            "      --data d.csv --quiet --json out.json --fail-on-diverge",
            "", "Exit codes: 0 ok, 1 internal error, 2 bad usage or input, 3 every trial diverged "
                + "(or one did, with --fail-on-diverge)."})
final class GridCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    Main parent;

    /** How grid points and random draws are spaced. */
    enum Spacing { log, linear }

    @Option(names = "--rates", split = ",", paramLabel = "LR",
            description = "Learning rates, comma-separated; the flag may repeat "
                    + "(default: the optimizer's default rate).")
    List<Double> rates;

    @Option(names = "--range", paramLabel = "MIN:MAX", description = "A grid from MIN to MAX instead of --rates.")
    String range;

    @Option(names = "--points", defaultValue = "9", paramLabel = "N",
            description = "Grid points over --range, ends included (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--spacing", defaultValue = "log", paramLabel = "SCALE",
            description = "Spacing of --range points: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Spacing spacing;

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
        if (rates != null) {
            for (double r : rates) {
                if (!(r > 0) || !Double.isFinite(r)) {
                    throw new UsageException("--rates: every rate must be a finite number > 0, got " + r);
                }
            }
        }
        Map<String, Object> sweep = new java.util.LinkedHashMap<>();
        double[] given = rates == null ? null : rates.stream().mapToDouble(Double::doubleValue).toArray();
        if (range != null) {
            if (rates != null) throw new UsageException("--range and --rates: give one, not both");
            if (points < 1) throw new UsageException("--points: must be at least 1, got " + points);
            if (points > 100_000) throw new UsageException("--points: at most 100000, got " + points);
            String[] ends = range.split(":", -1);
            double lo;
            double hi;
            try {
                if (ends.length != 2) throw new NumberFormatException();
                lo = Double.parseDouble(ends[0].strip());
                hi = Double.parseDouble(ends[1].strip());
            } catch (NumberFormatException ex) {
                throw new UsageException("--range: expected MIN:MAX such as 1e-4:1, got '" + range + "'");
            }
            if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi)) {
                throw new UsageException("--range: needs 0 < MIN < MAX, finite, got " + range);
            }
            given = distribution(spacing, lo, hi).grid(points);
            sweep.put("range", range);
            sweep.put("points", points);
            sweep.put("spacing", spacing.name());
        }
        sweep.put("rates", given);
        return new SweepCommandRunner(spec, parent.interrupt(), "grid", dataOptions, trainOptions, sweepOptions, output, expectations).run(given, sweep);
    }

    static dev.lrsweep.sweep.Distribution distribution(Spacing spacing, double min, double max) {
        try {
            return spacing == Spacing.log ? new dev.lrsweep.sweep.Distribution.LogUniform(min, max)
                    : new dev.lrsweep.sweep.Distribution.Uniform(min, max);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
