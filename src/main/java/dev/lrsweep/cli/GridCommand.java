package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.analysis.LinearAnalysis;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.report.AtomicFiles;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.report.StepTable;
import dev.lrsweep.report.SummaryTable;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrsweep grid}: one trial per listed learning rate. */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train once per learning rate and compare: tables, a summary, the critical rate.",
        footer = {"", "Examples:",
            "  lrsweep grid --rates 0.01,0.02,0.03,0.032,0.035,0.04 \\",
            "      --data examples/qiita/apples.csv --target y --no-intercept",
            "  lrsweep grid --rates 0.01 --rates 0.03 --data d.csv --quiet \\",
            "      --json out.json --fail-on-diverge",
            "", "Exit codes: 0 ok, 1 internal error, 2 bad usage or input, 3 every trial diverged "
                + "(or one did, with --fail-on-diverge)."})
final class GridCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--rates", required = true, split = ",", paramLabel = "LR",
            description = "Learning rates, comma-separated; the flag may repeat.")
    List<Double> rates;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--no-intercept", description = "Fit without an intercept b.")
    boolean noIntercept;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N",
            description = "Gradient-descent steps per trial (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "K",
            description = "Print a table row every K steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--tol", defaultValue = "1e-4", paramLabel = "REL",
            description = "Relative tolerance around the reference loss for steps_to_target and "
                    + "convergence (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Threads to run trials on (default: the number of processors). "
                    + "Results do not depend on it.")
    Integer jobs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed for anything random (recorded in the JSON; default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Dataset data = dataOptions.read();
        boolean intercept = !noIntercept;
        LinearRegression model = LinearRegression.of(data, intercept);
        LinearAnalysis analysis = LinearAnalysis.of(data, intercept);
        TrainConfig config = new TrainConfig(steps, logEvery);

        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) trials.add(new Trial(i, rates.get(i)));
        int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        SweepResult result = SweepRunner.run(trials, threads,
                t -> Trainer.train(model, data, new dev.lrsweep.optim.Sgd(model.paramCount(), dev.lrsweep.spec.Compat.KERAS, 0, false, 0, 0), Schedule.constant(t.lr()), config),
                analysis.optimumLoss(), tol);

        List<String> names = model.paramNames();
        if (output.format == OutputOptions.Format.table) {
            if (!output.quiet) {
                out.println(describe(data, model));
                out.println();
                for (TrialOutcome o : result.outcomes()) {
                    StepTable.write(out, o, names);
                    out.println();
                }
            }
            SummaryTable.write(out, result, analysis, names, tol);
        }
        ObjectNode json = JsonSummary.build(Main.version(), command(data), data, result, names, analysis);
        String text = JsonSummary.toText(json);
        if (output.format == OutputOptions.Format.json) out.print(text);
        if (output.json != null) {
            AtomicFiles.write(output.json, text);
            err.println("wrote " + output.json);
        }
        out.flush();
        if (result.allDiverged()) {
            err.println("gate: every trial diverged");
            return ExitCodes.GATE;
        }
        if (output.failOnDiverge && result.anyDiverged()) {
            err.println("gate: --fail-on-diverge and at least one trial diverged");
            return ExitCodes.GATE;
        }
        return ExitCodes.OK;
    }

    private void validate() {
        for (double r : rates) {
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new UsageException("--rates: every rate must be a finite number > 0, got " + r);
            }
        }
        if (steps < 1) throw new UsageException("--steps: must be at least 1, got " + steps);
        if (logEvery < 1) throw new UsageException("--log-every: must be at least 1, got " + logEvery);
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new UsageException("--tol: must be a finite number > 0, got " + tol);
        }
        if (jobs != null && jobs < 1) throw new UsageException("--jobs: must be at least 1, got " + jobs);
        if (output.json != null) {
            Path parent = output.json.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UsageException("--json: no such directory: " + parent);
            }
            if (Files.isDirectory(output.json)) throw new UsageException("--json: is a directory: " + output.json);
        }
    }

    private static String describe(Dataset data, LinearRegression model) {
        return "linear regression of " + data.targetName() + " on " + String.join(", ", data.featureNames())
                + (model.hasIntercept() ? " with intercept" : ", no intercept") + ", MSE loss, "
                + data.rows() + " rows; full-batch gradient descent\n"
                + "parameters: " + String.join(", ", model.paramMeanings())
                + "\nrows: loss before update k, parameters after it";
    }

    private Map<String, Object> command(Dataset data) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "grid");
        c.put("rates", rates);
        c.put("data", dataOptions.data.toString());
        c.put("target", data.targetName());
        c.put("features", data.featureNames());
        c.put("intercept", !noIntercept);
        c.put("model", "linear");
        c.put("loss", "mse");
        c.put("optimizer", "sgd");
        c.put("schedule", "constant");
        c.put("steps", steps);
        c.put("log_every", logEvery);
        c.put("tol", tol);
        c.put("seed", seed);
        return c;
    }
}
