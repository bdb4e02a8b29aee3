package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.analysis.Curvature;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.report.AtomicFiles;
import dev.lrsweep.report.FinderReport;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.report.JsonTrees;
import dev.lrsweep.report.Numbers;
import dev.lrsweep.report.SummaryTable;
import dev.lrsweep.report.plot.Plots;
import dev.lrsweep.report.plot.TerminalChart;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.sweep.Distribution;
import dev.lrsweep.sweep.Experiment;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.sweep.finder.FinderCompat;
import dev.lrsweep.sweep.finder.RampMode;
import dev.lrsweep.sweep.finder.RangeTest;
import dev.lrsweep.sweep.finder.RangeTestConfig;
import dev.lrsweep.sweep.finder.RangeTestResult;
import dev.lrsweep.sweep.finder.Suggestion;
import dev.lrsweep.sweep.finder.Suggestions;
import dev.lrsweep.train.Stepper;
import dev.lrsweep.train.Trainer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrsweep find}: Leslie Smith's LR range test, with suggestions and the theory beside them. */
@Command(addMethodSubcommands = false, name = "find", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "LR range test: one run with the rate growing every step from --min to --max; "
                + "suggests a rate and says why the test stopped.",
        footer = {"", "Examples:",
            "  lrsweep find --data d.csv --standardize",
            "  lrsweep find --data d.csv --finder-compat fastai --suggest valley --json find.json",
            "  lrsweep find --data d.csv --refine 5",
            "", "Exit codes: 0 ok, 2 bad usage or input, 3 no suggestion could be computed (the reason is printed)."})
final class FindCommand implements Callable<Integer> {
    /** Which suggestion to choose. */
    enum Method { steepest, valley, minimum, davidtvs_steepest, slide, slide_relative, fastai_steep, lightning_gradient }

    /** Whose finder to reproduce. */
    enum Compat { lrsweep, davidtvs, fastai, lightning }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--min", defaultValue = "1e-7", paramLabel = "LR", description = "First rate (default: ${DEFAULT-VALUE}).")
    double min;

    @Option(names = "--max", defaultValue = "10", paramLabel = "LR", description = "Last rate (default: ${DEFAULT-VALUE}).")
    double max;

    @Option(names = "--mode", defaultValue = "exp", paramLabel = "RAMP",
            description = "Ramp: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    RampMode mode;

    @Option(names = "--smooth", paramLabel = "BETA",
            description = "EMA beta of the smoothed loss (default: 0.98; davidtvs: 0.95, i.e. smooth_f 0.05).")
    Double smooth;

    @Option(names = "--diverge", paramLabel = "X",
            description = "Stop when the smoothed loss exceeds X times the best (default: 4; davidtvs: 5).")
    Double diverge;

    @Option(names = "--skip-start", paramLabel = "N", description = "Points trimmed at the start for suggestions (default: 10).")
    Integer skipStart;

    @Option(names = "--skip-end", paramLabel = "N", description = "Points trimmed at the end (default: 5; lightning: 1).")
    Integer skipEnd;

    @Option(names = "--suggest", paramLabel = "METHOD",
            description = "The suggestion to choose: ${COMPLETION-CANDIDATES} (default: the finder's own: "
                    + "steepest for lrsweep).")
    Method suggest;

    @Option(names = "--finder-compat", defaultValue = "lrsweep", paramLabel = "TOOL",
            description = "Reproduce ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Compat finderCompat;

    @Option(names = "--refine", paramLabel = "N",
            description = "Then train N log-spaced rates from suggestion/10 to the suggestion and report the best.")
    Integer refine;

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
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long seed = sweepOptions.firstSeed();
        TrainOptions.Prepared prepared = trainOptions.prepare(dataOptions, seed, err);
        Experiment e = prepared.experiment();
        OptimizerSpec optimizer = trainOptions.optimizerSpecs().get(0);
        int batch = trainOptions.batchSize == null ? 32 : trainOptions.batchSize.get(0);
        int steps = trainOptions.steps == null ? 100 : trainOptions.steps;

        RangeTestConfig config = configure(steps);
        requireDistinctRates(new RangeTest(config));
        Model model = e.newModel();
        Stepper stepper = new Stepper(model, e.train(), optimizer.create(model.paramCount(), e.compat()),
                e.config().clipping(), batch, e.config().shuffle(), seed);
        RangeTestResult result = new RangeTest(config).run(stepper::step);
        Map<String, Suggestion> all = result.allSuggestions();
        Suggestion chosen = suggest == null ? result.suggestion() : all.get(suggestionKey(suggest));
        Curvature curvature = Curvature.of(model, e.train(), Trainer.initialParams(model, seed), e.intercept(), e.l2());

        SweepResult refined = null;
        List<Trial> refineTrials = List.of();
        if (refine != null && chosen.isPresent()) {
            double s = chosen.lrOrThrow();
            double[] rates = new Distribution.LogUniform(s / 10, s).grid(refine);
            refineTrials = new ArrayList<>();
            for (int i = 0; i < rates.length; i++) {
                refineTrials.add(new Trial(i, rates[i], seed, optimizer, ScheduleSpec.parse("constant"), batch));
            }
            // the refinement reports losses only: its logged steps need not copy the parameters
            Experiment refining = e.keepingParams(false);
            int atOnce = HeapBound.trialsAtOnce(refining, refineTrials, sweepOptions.threads(), false,
                    "a smaller --refine", err);
            refined = SweepRunner.run(refineTrials, sweepOptions.threads(), atOnce, refining, () -> false,
                    curvature.optimumLoss(), sweepOptions.tol, e.val() != null, Map.of(), (t, r) -> { });
        }

        boolean everyPoint = !spec.commandLine().getParseResult().hasMatchedOption("--log-every");
        if (output.format == OutputOptions.Format.table) {
            if (!output.quiet) {
                out.println(Numbers.f("LR range test (%s): %s from %s to %s over %d steps, batch size %d, %s",
                        finderCompat, mode.name().toLowerCase(Locale.ROOT), Numbers.rate(config.minLr()),
                        Numbers.rate(config.maxLr()), config.steps(), stepper.batchSize(), optimizer));
                FinderReport.table(out, result, everyPoint ? 1 : trainOptions.logEvery);
                out.println();
            }
            FinderReport.summary(out, result, all, chosen);
            SummaryTable.writeCurvature(out, curvature, model.paramNames());
            if (chosen.isPresent() && chosen.lrOrThrow() > curvature.criticalLr()) {
                out.println(Numbers.f("warning: the suggestion %s is above the %scritical rate %.5g",
                        Numbers.rate(chosen.lrOrThrow()), curvature.estimate() ? "estimated " : "",
                        curvature.criticalLr()));
            }
            if (refined != null) FinderReport.refine(out, refined);
        }
        java.util.OptionalDouble sug = chosen.isPresent() ? java.util.OptionalDouble.of(chosen.lrOrThrow())
                : java.util.OptionalDouble.empty();
        java.util.OptionalDouble crit = Double.isFinite(curvature.criticalLr())
                ? java.util.OptionalDouble.of(curvature.criticalLr()) : java.util.OptionalDouble.empty();
        if (output.chart) {
            output.chartWriter(out, err).print(TerminalChart.rangeTest(result.lrs(), result.smoothedLosses(), sug,
                    crit, 78, 20));
        }
        ObjectNode json = FinderReport.json(Main.version(), command(prepared, config, batch, steps), prepared.all(),
                result, all, chosen, JsonSummary.analysis(curvature, model.paramNames()), refined);
        // what the run used, where it differs from what was asked (command): fastai's minimum of
        // 6 steps, a batch larger than the data
        ObjectNode run = JsonTrees.object();
        run.put("steps", config.steps());
        run.put("batch_size", stepper.batchSize());
        json.set("run", run);
        String text = JsonSummary.toText(json);
        if (output.format == OutputOptions.Format.json) out.print(text);
        // the files last, once stdout has taken its part: a run whose stdout failed writes none; and
        // together, so that a write that fails leaves none of them
        if (!Main.stdoutLost(out)) {
            Main.writeTogether(err, files -> {
                if (output.plot != null) {
                    Plots.rangeTest(result.lrs(), result.smoothedLosses(), result.rawLosses(), sug,
                            chosen.method(), crit,
                            "lrsweep find: smoothed loss by learning rate (" + result.stopReason().name()
                                    .toLowerCase(Locale.ROOT) + ")", output.plot, files);
                }
                if (output.json != null) AtomicFiles.write(files, output.json, text);
            });
        }
        out.flush();
        if (expectations.any()) {
            int code = expectations.gate(json, err, "gate");
            if (code != ExitCodes.OK) return code;
        }
        if (!chosen.isPresent()) {
            err.println("find: no suggestion (" + chosen.method() + "): " + chosen.reason().orElse("unknown")
                    + "; " + hint(result, config, chosen));
            return ExitCodes.GATE;
        }
        if (output.failOnDiverge && refined != null && refined.anyDiverged()) {
            err.println("gate: --fail-on-diverge and at least one refine trial diverged");
            return ExitCodes.GATE;
        }
        return ExitCodes.OK;
    }

    /** Shared flags the range test has no use for: refused, and left out of find's --help. */
    static final List<String> NOT_USED = List.of("--schedule", "--epochs", "--reduce-on-plateau", "--early-stopping",
            "--layer-lr", "--scale-lr", "--base-batch");
    /** Shared flags of sweeps that find, one training run, does not support: refused, and left out of its --help. */
    static final List<String> NOT_SUPPORTED = List.of("--val-split", "--val", "--results", "--resume", "--csv",
            "--shard");

    /** The most steps a range test records (each point a few dozen bytes). */
    static final int MAX_STEPS = 1_000_000;

    /** find's own help for shared flags whose grid/random text (a default, "several are swept") is wrong here. */
    static final Map<String, String> OWN_HELP = Map.of(
            "--batch-size", "Rows per update (default: 32; full batch when the data has fewer rows). One size.",
            "--optimizer", "sgd(momentum,nesterov) | adam(beta_1,beta_2,epsilon,amsgrad) | adamw(weight_decay) | "
                    + "rmsprop(rho,momentum,centered) | adagrad(initial_accumulator_value) (default: sgd). One optimizer.",
            "--seed", "Seed for initial weights and batch order (default: 0). One seed.",
            "--steps", "Steps of the range test, one rate each, 2 to 1000000 (default: 100; fastai's mode runs at "
                    + "least 6).",
            "--format", "What stdout carries: table or json (default: table). json: only the JSON summary.");

    /**
     * Hides {@link #NOT_USED} and {@link #NOT_SUPPORTED} from find's usage help (they come with the
     * options it shares with grid and random; they still parse, so that using one says why it is
     * refused), and gives the shared flags in {@link #OWN_HELP} find's own description. The options
     * keep their order: each changed one is rebuilt, and every option from it on is removed and
     * added again in the order they had.
     */
    static void hideSharedFlags(picocli.CommandLine.Model.CommandSpec find) {
        List<picocli.CommandLine.Model.OptionSpec> options = new ArrayList<>(find.options());
        int first = -1;
        List<picocli.CommandLine.Model.OptionSpec> rebuilt = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            picocli.CommandLine.Model.OptionSpec o = options.get(i);
            String name = o.longestName();
            boolean hide = (NOT_USED.contains(name) || NOT_SUPPORTED.contains(name)) && !o.hidden();
            String help = OWN_HELP.get(name);
            picocli.CommandLine.Model.OptionSpec changed = hide ? o.toBuilder().hidden(true).build()
                    : help != null ? o.toBuilder().description(help).build() : null;
            if (changed != null && first < 0) first = i;
            if (first >= 0) rebuilt.add(changed != null ? changed : o);
        }
        if (first < 0) return;
        for (int i = first; i < options.size(); i++) find.remove(options.get(i));
        for (picocli.CommandLine.Model.OptionSpec o : rebuilt) find.addOption(o);
    }

    private void validate() {
        // the range test's own minimum first: the shared check would say "at least 1"
        if (trainOptions.steps != null && trainOptions.steps < 2) {
            throw new UsageException("--steps: a range test needs at least 2 steps, got " + trainOptions.steps);
        }
        trainOptions.validate();
        sweepOptions.validate();
        output.validate();
        output.requireDistinct(dataOptions.data, trainOptions.valFile, output.resume);
        expectations.validate();
        for (String flag : NOT_USED) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new UsageException(flag + ": not used by find (" + (flag.equals("--epochs")
                        ? "the range test runs --steps steps, one rate each" : "the range test sets the rate itself")
                        + ")");
            }
        }
        for (String flag : NOT_SUPPORTED) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new UsageException(flag + ": not supported by find (one training run on the training rows)");
            }
        }
        if (output.failOnDiverge && refine == null) {
            throw new UsageException("--fail-on-diverge: needs --refine (the range test itself runs until the loss diverges)");
        }
        if (output.format == OutputOptions.Format.jsonl) {
            throw new UsageException("--format: find writes table or json, not jsonl");
        }
        if (trainOptions.optimizerSpecs().size() > 1 || (trainOptions.batchSize != null && trainOptions.batchSize.size() > 1)
                || sweepOptions.seeds().length > 1) {
            throw new UsageException("find runs one range test: give one --optimizer, --batch-size and --seed");
        }
        if (!(min > 0) || !Double.isFinite(min)) throw new UsageException("--min: must be a finite number > 0, got " + min);
        if (!(max > min) || !Double.isFinite(max)) throw new UsageException("--max: must be finite and above --min, got " + max);
        if (refine != null && refine < 1) throw new UsageException("--refine: must be at least 1, got " + refine);
        // the range test's own settings, named by their flags (the core checks them again)
        int steps = trainOptions.steps == null ? 100 : trainOptions.steps;
        if (steps < 2) throw new UsageException("--steps: a range test needs at least 2 steps, got " + steps);
        // every step is recorded: a billion would fill the heap long before a slow ramp diverged
        if (steps > MAX_STEPS) throw new UsageException("--steps: a range test takes at most " + MAX_STEPS + " steps, got " + steps);
        if (skipStart != null && skipStart < 0) throw new UsageException("--skip-start: must be >= 0, got " + skipStart);
        if (skipEnd != null && skipEnd < 0) throw new UsageException("--skip-end: must be >= 0, got " + skipEnd);
        if (diverge != null && !(diverge > 1)) {
            throw new UsageException("--diverge: must be > 1 (or Infinity to turn the stop off), got " + diverge);
        }
        boolean davidtvs = finderCompat.name().equalsIgnoreCase("davidtvs");
        if (smooth != null && (davidtvs ? !(smooth > 0 && smooth <= 1) : !(smooth >= 0 && smooth < 1))) {
            throw new UsageException("--smooth: must lie in " + (davidtvs ? "(0, 1] with --finder-compat davidtvs"
                    : "[0, 1)") + ", got " + smooth);
        }
        if (finderCompat.name().equalsIgnoreCase("fastai") && mode != null && mode != RampMode.EXP) {
            throw new UsageException("--mode: fastai's lr_find has only an exponential ramp");
        }
    }

    /**
     * What to change when no suggestion could be made: a loss that diverged (or turned non-finite)
     * within the first few steps, or a steepest rule that found the smoothed loss falling nowhere,
     * says the range starts too high — in an exponential ramp --min sets the early rates, in a
     * linear one --max does; else the curve was too short for the trimming.
     */
    static String hint(RangeTestResult result, RangeTestConfig config, Suggestion chosen) {
        int recorded = result.points().size();
        boolean stopped = result.stopReason() != dev.lrsweep.sweep.finder.StopReason.REACHED_MAX;
        boolean early = stopped && recorded <= Math.max(10, config.steps() / 10);
        boolean fallsNowhere = chosen.reason().orElse("").startsWith(Suggestions.FALLS_NOWHERE);
        if (fallsNowhere) {
            // the first rate, --min in either ramp, is already too high
            return "the smoothed loss rises from the start: lower --min";
        }
        if (early) {
            String what = (result.stopReason() == dev.lrsweep.sweep.finder.StopReason.NON_FINITE_LOSS
                    ? "the loss turned non-finite at step " : "the loss diverged at step ") + recorded;
            return what + (config.mode() == RampMode.LINEAR
                    ? ": lower --max or raise --steps (a linear ramp's early rates grow with --max), or lower --min"
                    : ": lower --min");
        }
        return "raise --steps or lower --skip-start/--skip-end";
    }

    /** Fails when --min and --max are too close for --steps distinct rates (doubles run out). */
    private void requireDistinctRates(RangeTest test) {
        int n = test.config().steps();
        for (int k = 1; k < n; k++) {
            double before = test.lrAt(k - 1);
            double lr = test.lrAt(k);
            if (!(lr > before)) {
                throw new UsageException(Numbers.f("--min/--max: too close for %d steps: steps %d and %d both get lr %s; "
                        + "widen the range or lower --steps", n, k, k + 1, Double.toString(lr)));
            }
        }
    }

    private RangeTestConfig configure(int steps) {
        RangeTestConfig.Builder b = RangeTestConfig.builder()
                .compat(FinderCompat.valueOf(finderCompat.name().toUpperCase(Locale.ROOT)))
                .minLr(min).maxLr(max).steps(steps).mode(mode);
        if (smooth != null) b.beta(smooth);
        if (diverge != null) b.divergeFactor(diverge);
        if (skipStart != null) b.skipStart(skipStart);
        if (skipEnd != null) b.skipEnd(skipEnd);
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw new UsageException("find: " + ex.getMessage());
        }
    }

    private static String suggestionKey(Method m) {
        return m == Method.minimum ? "minimum_over_ten" : m.name();
    }

    private Map<String, Object> command(TrainOptions.Prepared p, RangeTestConfig c, int batch, int steps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "find");
        m.put("data", dataOptions.data.toString());
        m.put("target", p.all().targetName());
        m.put("features", p.all().featureNames());
        m.putAll(trainOptions.describe(p.experiment()));
        m.put("steps", steps);
        m.put("batch_size", batch);
        m.put("min", c.minLr());
        m.put("max", c.maxLr());
        m.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        m.put("smooth", c.beta());
        // off (infinite) is null, as every non-finite number in the JSON
        m.put("diverge", Double.isFinite(c.divergeFactor()) ? c.divergeFactor() : null);
        m.put("skip_start", c.trim().skipStart());
        m.put("skip_end", c.trim().skipEnd());
        m.put("finder_compat", finderCompat.name());
        m.put("suggest", suggest == null ? null : suggest.name());
        m.put("refine", refine);
        m.put("tol", sweepOptions.tol);
        // a list, as in grid and random (find runs one seed)
        m.put("seed", List.of(sweepOptions.firstSeed()));
        return m;
    }
}
