package dev.lrsweep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrsweep grid}: one trial per listed learning rate. */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train once per learning rate and compare: tables, a summary, the critical rate.",
        footer = {"", "Examples:",
            "  lrsweep grid --rates 0.01,0.02,0.03,0.032,0.035,0.04 \\\\",
            "      --data examples/qiita/apples.csv --target y --no-intercept",
            "  lrsweep grid --rates 1e-3,3e-3,1e-2 --data examples/breast_cancer/wdbc.csv --target diagnosis \\\\",
            "      --model logistic --standardize --optimizer adam --batch-size 32 --val-split 0.2 --seed 1",
            "  lrsweep grid --rates 0.01 --rates 0.03 --data d.csv --quiet \\\\",
            "      --json out.json --fail-on-diverge",
            "", "Exit codes: 0 ok, 1 internal error, 2 bad usage or input, 3 every trial diverged "
                + "(or one did, with --fail-on-diverge)."})
final class GridCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--rates", split = ",", paramLabel = "LR",
            description = "Learning rates, comma-separated; the flag may repeat "
                    + "(default: the optimizer's default rate).")
    List<Double> rates;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    TrainOptions trainOptions;

    @Mixin
    SweepOptions sweepOptions;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (rates != null) {
            for (double r : rates) {
                if (!(r > 0) || !Double.isFinite(r)) {
                    throw new UsageException("--rates: every rate must be a finite number > 0, got " + r);
                }
            }
        }
        List<Double> list = rates != null ? rates
                : List.of(trainOptions.optimizerSpec().defaultRate(trainOptions.compat()));
        return new SweepCommandRunner(spec, "grid", dataOptions, trainOptions, sweepOptions, output)
                .run(new ArrayList<>(list));
    }
}
