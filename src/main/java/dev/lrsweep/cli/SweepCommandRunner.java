package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.analysis.Curvature;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.report.AtomicFiles;
import dev.lrsweep.report.CsvExport;
import dev.lrsweep.report.ResultsLog;
import dev.lrsweep.report.Numbers;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.report.StepTable;
import dev.lrsweep.report.plot.Curve;
import dev.lrsweep.report.plot.Plots;
import dev.lrsweep.report.plot.TerminalChart;
import dev.lrsweep.train.Convergence;
import dev.lrsweep.train.Status;
import dev.lrsweep.train.TrainRun;
import dev.lrsweep.report.SummaryTable;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.sweep.Experiment;
import dev.lrsweep.sweep.SettingStats;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.sweep.TrialList;
import dev.lrsweep.sweep.TrialOutcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;

/** What grid and random share once their trial list is known: run, print, write, gate. */
final class SweepCommandRunner {
    private final CommandSpec spec;
    private final String name;
    private final DataOptions dataOptions;
    private final TrainOptions trainOptions;
    private final SweepOptions sweepOptions;
    private final OutputOptions output;

    private final Interrupt interrupt;
    private final Expectations expectations;

    SweepCommandRunner(CommandSpec spec, Interrupt interrupt, String name, DataOptions dataOptions,
                       TrainOptions trainOptions, SweepOptions sweepOptions, OutputOptions output,
                       Expectations expectations) {
        this.expectations = expectations;
        this.spec = spec;
        this.interrupt = interrupt;
        this.name = name;
        this.dataOptions = dataOptions;
        this.trainOptions = trainOptions;
        this.sweepOptions = sweepOptions;
        this.output = output;
    }

    /**
     * Runs the sweep.
     *
     * @param rates the swept rates, or null for each optimizer's default rate
     * @param sweep how the rates were chosen, for the JSON {@code command} block
     */
    int run(double[] rates, Map<String, Object> sweep) throws Exception {
        trainOptions.validate();
        sweepOptions.validate();
        output.validate();
        output.requireDistinct(dataOptions.data, trainOptions.valFile, output.resume);
        expectations.validate();
        if (sweepOptions.shard != null && (expectations.any() || output.failOnDiverge)) {
            // a part is not the sweep: its trials alone cannot answer for the whole
            throw new UsageException("--shard: --expect-... and --fail-on-diverge judge the whole sweep; give them to "
                    + "'lrsweep merge' with the parts");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long tStart = System.nanoTime();
        TrainOptions.Prepared prepared = trainOptions.prepare(dataOptions, sweepOptions.firstSeed(), err);
        long tData = System.nanoTime();
        Model model = prepared.experiment().newModel();
        // every parameter in the tables and the CSV; a network's logged steps keep only the norm
        // otherwise (their copies would take more memory than the data; the JSON history has none)
        boolean showParams = model.tabular() || sweepOptions.showParams;
        Experiment e = prepared.experiment().keepingParams(showParams);
        Dataset train = e.train();
        boolean needJson = output.format != OutputOptions.Format.table || output.json != null || expectations.any();
        // the JSON reports the data file's SHA-256: hash it while the sweep trains
        if (needJson) prepared.all().digest().prefetch();
        List<OptimizerSpec> optimizers = trainOptions.optimizerSpecs();
        List<ScheduleSpec> schedules = trainOptions.scheduleSpecs();
        int[] batches = trainOptions.batchSizes();
        long[] seeds = sweepOptions.seeds();
        List<Trial> trials = TrialList.cross(o -> rates != null ? rates : new double[] {o.defaultRate(e.compat())},
                optimizers, schedules, batches, seeds);

        long tSetUp = System.nanoTime();
        Curvature analysis = Curvature.of(model, train, dev.lrsweep.train.Trainer.initialParams(model, seeds[0]),
                e.intercept(), e.l2(), e::gram);
        long tAnalysis = System.nanoTime();
        Map<String, Object> command = command(prepared, sweep);
        // the hash identifies the sweep for results logs and shard parts; nothing else needs it
        String hash = output.results != null || output.resume != null || sweepOptions.shard != null
                ? SweepHash.of(command, prepared.all().sha256()) : null;
        List<String> names = model.paramNames();
        UnaryOperator<double[]> toOriginal = prepared.standardizer() != null && model instanceof LinearRegression
                && e.intercept() ? prepared.standardizer()::toOriginalUnits : null;
        JsonSummary.TrialView view = new JsonSummary.TrialView(names, showParams || model.paramCount() <= 256,
                toOriginal, e::steps, e::batchSize);

        int[] shard = sweepOptions.shard();
        List<Trial> all = trials;
        if (shard != null) trials = all.stream().filter(t -> t.id() % shard[1] == shard[0]).toList();
        // a shard beyond the trial count holds none: it writes an empty part, which merge accepts
        Map<Integer, TrainRun> done = Map.of();
        ResultsLog log = null;
        // from here on Ctrl-C waits for the summary of what finished
        interrupt.arm();
        if (output.resume != null) {
            // a shard takes only its own trials from the log (it may hold others: the whole run's,
            // another shard's)
            java.util.Set<Integer> mine = new java.util.HashSet<>();
            for (Trial t : trials) mine.add(t.id());
            SweepHash.Resumed resumed = SweepHash.resume(output.resume, hash, command, all);
            Map<Integer, TrainRun> logged = new java.util.HashMap<>(resumed.runs());
            logged.keySet().retainAll(mine);
            done = logged;
            // a last line cut off by a kill is dropped from the log, and its trial runs again: said,
            // so that a log edited by hand does not lose a line unseen
            err.println("resume: " + done.size() + " of " + trials.size() + " trials already finished"
                    + (resumed.droppedLine() > 0 ? " (" + output.resume + ":" + resumed.droppedLine()
                    + ": an incomplete or damaged last line, dropped; its trial runs again)" : ""));
        }
        List<Trial> pending = new ArrayList<>();
        for (Trial t : trials) {
            if (!done.containsKey(t.id())) pending.add(t);
        }
        // before the log is opened: a sweep refused for its size leaves an earlier log as it was
        int atOnce = HeapBound.trialsAtOnce(e, pending, sweepOptions.threads(),
                output.results != null || output.resume != null, "fewer trials", err);
        if (output.resume != null) {
            log = ResultsLog.appendTo(output.resume);
        } else if (output.results != null) {
            log = ResultsLog.create(output.results, hash, command);
        }
        SweepProgress progress = SweepProgress.start(interrupt.interactive() && !output.quiet, trials.size(),
                done.size());
        ResultsLog sink = log;
        double optimum = analysis.optimumLoss();
        SweepResult result;
        long tTrain;
        try {
            tTrain = System.nanoTime();
            result = SweepRunner.run(trials, sweepOptions.threads(), atOnce, e, interrupt::requested, optimum,
                    sweepOptions.tol, e.val() != null, done, (t, r) -> {
                        if (!r.interrupted() && sink != null) {
                            try {
                                sink.append(t, r);
                            } catch (java.io.IOException ex) {
                                throw new java.io.UncheckedIOException(ex);
                            }
                        }
                        if (output.format == OutputOptions.Format.jsonl) {
                            ObjectNode line = JsonSummary.trial(provisional(t, r, optimum, sweepOptions.tol), view);
                            line.put("event", "trial");
                            line.put("provisional", Double.isNaN(optimum));
                            synchronized (out) {
                                out.println(JsonSummary.toLine(line));
                                out.flush();
                            }
                        }
                        progress.finished(r);
                    });
        } finally {
            progress.close();
            if (log != null) log.close();
        }
        long tTrained = System.nanoTime();

        List<String> axes = new ArrayList<>();
        if (optimizers.size() > 1) axes.add("optimizer");
        if (schedules.size() > 1) axes.add("schedule");
        if (batches.length > 1) axes.add("batch_size");
        if (seeds.length > 1) axes.add("seed");
        boolean showLr = schedules.stream().anyMatch(x -> !x.name().equals("constant")) || trainOptions.plateau != null;
        List<SettingStats> stats = seeds.length > 1 ? SettingStats.of(result.outcomes()) : List.of();
        if (output.format == OutputOptions.Format.table) {
            if (!output.quiet) {
                out.println(describe(prepared, model, optimizers, schedules, batches));
                out.println();
                StepTable.Layout layout = new StepTable.Layout(names, showParams, showLr, toOriginal);
                for (TrialOutcome o : result.outcomes()) {
                    StepTable.write(out, o, layout, title(o.trial(), axes, e));
                    out.println();
                }
            }
            SummaryTable.write(out, result, analysis, names, sweepOptions.tol, axes, stats, e::batchSize);
        }
        List<Curve> curves = output.plot != null || output.chart ? curves(result, axes, e) : null;
        if (output.chart) output.chartWriter(out, err).print(TerminalChart.lossCurves(curves, 78, 20));
        // the summary is built only when something reads it: a short table-only run skips Jackson
        ObjectNode json = needJson
                ? JsonSummary.build(Main.version(), command, prepared.all(), result, view, analysis, stats) : null;
        if (json != null && shard != null) Shards.annotate(json, shard, all.size(), hash, result);
        String text = json == null ? null : JsonSummary.toText(json);
        if (output.format == OutputOptions.Format.json) out.print(text);
        if (output.format == OutputOptions.Format.jsonl) {
            ObjectNode last = json.deepCopy();
            last.put("event", "summary");
            out.println(JsonSummary.toLine(last));
        }
        // the files last, once stdout has taken its part: a run whose stdout failed writes none; and
        // together, so that a write that fails leaves none of them
        if (!Main.stdoutLost(out)) {
            Main.writeTogether(err, files -> {
                if (output.plot != null) Plots.lossCurves(curves, "lrsweep " + name + ": loss by step", output.plot, files);
                if (output.json != null) AtomicFiles.write(files, output.json, text);
                if (output.csv != null) {
                    AtomicFiles.write(files, output.csv,
                            CsvExport.format(result, showParams ? names : List.of(), e::batchSize));
                }
            });
        }
        out.flush();
        if (output.debug) {
            err.println(timings(tStart, tData, tSetUp, tAnalysis, tTrain, tTrained, System.nanoTime()));
        }
        if (interrupt.requested() || result.interrupted()) {
            long finished = result.outcomes().stream().filter(o -> !o.run().interrupted()).count();
            err.println("interrupted: " + finished + " of " + trials.size() + " trials finished"
                    + (log != null ? "; resume with --resume " + (output.resume != null ? output.resume : output.results)
                    : ""));
            return ExitCodes.INTERRUPTED;
        }
        // a shard's part never gates: that every trial of one part diverged says nothing of the sweep
        // (merge judges it), and a non-zero exit would fail the array or matrix job that ran the part
        if (sweepOptions.shard != null) return ExitCodes.OK;
        return gates(expectations, output.failOnDiverge, result.allDiverged(), result.anyDiverged(), json, err);
    }

    /**
     * The CI gates of a whole sweep, in order: the expectations, every trial diverged, and with
     * {@code --fail-on-diverge} any trial diverged. {@code lrsweep merge} applies the same to a
     * merged summary.
     *
     * @return 0, or 3 when a gate tripped
     */
    static int gates(Expectations expectations, boolean failOnDiverge, boolean allDiverged, boolean anyDiverged,
                     JsonNode json, PrintWriter err) {
        // every gate that trips says so, not only the first
        int code = expectations.any() ? expectations.gate(json, err, "gate") : ExitCodes.OK;
        if (allDiverged) {
            err.println("gate: every trial diverged");
            code = ExitCodes.GATE;
        } else if (failOnDiverge && anyDiverged) {
            err.println("gate: --fail-on-diverge and at least one trial diverged");
            code = ExitCodes.GATE;
        }
        return code;
    }

    /** With --debug: where the run's time went, from the process start. */
    private static String timings(long start, long data, long setUp, long analysis, long train, long trained, long end) {
        double uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        String jvm = Numbers.f("%.3f s", uptime - (end - start) / 1e9);
        return "timing: JVM start to command " + jvm + Numbers.f(", data %.3f s, model %.3f s, analysis %.3f s, "
                + "trial list %.3f s, training %.3f s, output %.3f s", (data - start) / 1e9, (setUp - data) / 1e9,
                (analysis - setUp) / 1e9, (train - analysis) / 1e9, (trained - train) / 1e9, (end - trained) / 1e9);
    }

    /** A trial judged on its own, for streaming: against the optimum when known, else divergence only. */
    private static TrialOutcome provisional(Trial t, TrainRun r, double optimum, double tol) {
        return new TrialOutcome(t, r, Convergence.status(r, optimum, tol),
                Double.isNaN(optimum) ? -1 : Convergence.stepsToTarget(r, optimum, tol), Convergence.bestStep(r),
                Convergence.bestLoss(r));
    }

    private static String title(Trial t, List<String> axes, Experiment e) {
        StringBuilder sb = new StringBuilder(Numbers.f("lr=%s (trial %d", Numbers.rate(t.lr()), t.id()));
        for (String a : axes) {
            sb.append(", ").append(switch (a) {
                case "optimizer" -> t.optimizer().toString();
                case "schedule" -> t.schedule().toString();
                case "batch_size" -> "batch " + e.batchSize(t);
                default -> "seed " + t.seed();
            });
        }
        double eff = e.effectiveLr(t);
        if (eff != t.lr()) sb.append(", scaled lr ").append(Numbers.g4(eff));
        return sb.append(')').toString();
    }

    private String describe(TrainOptions.Prepared p, Model model, List<OptimizerSpec> optimizers,
                            List<ScheduleSpec> schedules, int[] batches) {
        Experiment e = p.experiment();
        Dataset d = e.train();
        StringBuilder sb = new StringBuilder();
        sb.append(model.name()).append(" model (").append(model.lossName()).append(" loss) of ").append(d.targetName())
                .append(" on ").append(d.features() <= 8 ? String.join(", ", d.featureNames()) : d.features() + " features");
        if (model instanceof LinearRegression) sb.append(e.intercept() ? " with intercept" : ", no intercept");
        sb.append("; ").append(d.rows()).append(" training rows");
        if (e.val() != null) sb.append(", ").append(e.val().rows()).append(" validation rows");
        if (p.standardizer() != null) sb.append(", standardized");
        sb.append("\noptimizer ").append(join(optimizers)).append("; schedule ").append(join(schedules)).append("; ");
        List<String> bs = new ArrayList<>();
        for (int b : batches) bs.add(b <= 0 || b >= d.rows() ? "full batch" : "batch size " + b);
        sb.append(String.join(" | ", bs)).append("; ")
                .append(e.epochs() != null ? e.epochs() + " epochs" : e.config().steps() + " steps");
        if (model.tabular() || sweepOptions.showParams) sb.append("\nparameters: ").append(String.join(", ", model.paramMeanings()));
        sb.append("\nrows: loss before update k, parameters after it");
        return sb.toString();
    }

    private static String join(List<?> items) {
        return String.join(" | ", items.stream().map(Object::toString).toList());
    }

    private Map<String, Object> command(TrainOptions.Prepared p, Map<String, Object> sweep) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.putAll(sweep);
        c.put("data", dataOptions.data.toString());
        c.put("target", p.all().targetName());
        c.put("features", p.all().featureNames());
        c.putAll(trainOptions.describe(p.experiment()));
        c.put("tol", sweepOptions.tol);
        c.put("seed", java.util.Arrays.stream(sweepOptions.seeds()).boxed().toList());
        return c;
    }

    static void checkOutputDir(Path given, String flag) {
        if (given.toString().isEmpty()) throw new UsageException(flag + ": needs a file name, got an empty one");
        Path file = dev.lrsweep.data.AtomicOutput.destination(given);
        if (dev.lrsweep.data.AtomicOutput.special(file)) {
            // a device or a pipe is written to directly
            if (!Files.isWritable(file)) throw new UsageException(flag + ": cannot write to " + given);
            return;
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new UsageException(flag + ": no such directory: " + parent);
        if (Files.isDirectory(file)) throw new UsageException(flag + ": is a directory: " + file);
        // checked before any work: the file is written through a temporary file in that directory
        if (!Files.isWritable(parent)) throw new UsageException(flag + ": cannot write in the directory " + parent);
    }

    /** The loss curve of every trial, labelled by its swept values. */
    static List<Curve> curves(SweepResult result, List<String> axes, Experiment e) {
        List<Curve> curves = new ArrayList<>();
        for (TrialOutcome o : result.outcomes()) {
            String label = title(o.trial(), axes, e).replaceFirst(" \\(trial \\d+,? ?", " (").replace(" ()", "");
            curves.add(Curve.ofSteps(label, o.run().losses(), o.status() == Status.DIVERGED));
        }
        return curves;
    }
}
