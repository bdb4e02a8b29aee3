package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.analysis.LinearAnalysis;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.Model;
import dev.lrsweep.report.AtomicFiles;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.report.StepTable;
import dev.lrsweep.report.SummaryTable;
import dev.lrsweep.sweep.Experiment;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
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

    SweepCommandRunner(CommandSpec spec, String name, DataOptions dataOptions, TrainOptions trainOptions,
                       SweepOptions sweepOptions, OutputOptions output) {
        this.spec = spec;
        this.name = name;
        this.dataOptions = dataOptions;
        this.trainOptions = trainOptions;
        this.sweepOptions = sweepOptions;
        this.output = output;
    }

    int run(List<Double> rates) throws Exception {
        trainOptions.validate();
        sweepOptions.validate();
        output.validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long seed = sweepOptions.seed;
        TrainOptions.Prepared prepared = trainOptions.prepare(dataOptions, seed);
        Experiment e = prepared.experiment();
        Model model = e.newModel();
        Dataset train = e.train();

        LinearAnalysis analysis = model instanceof LinearRegression && e.l2() == 0
                ? LinearAnalysis.of(train, e.intercept()) : null;
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) trials.add(new Trial(i, rates.get(i), seed));
        SweepResult result = SweepRunner.run(trials, sweepOptions.threads(), e::run,
                analysis == null ? Double.NaN : analysis.optimumLoss(), sweepOptions.tol, e.val() != null);

        boolean showParams = model.tabular() || sweepOptions.showParams;
        boolean showLr = !e.schedule().name().equals("constant") || trainOptions.plateau != null;
        List<String> names = model.paramNames();
        if (output.format == OutputOptions.Format.table) {
            if (!output.quiet) {
                out.println(describe(prepared, model));
                out.println();
                StepTable.Layout layout = new StepTable.Layout(names, showParams, showLr);
                for (TrialOutcome o : result.outcomes()) {
                    StepTable.write(out, o, layout);
                    out.println();
                }
            }
            SummaryTable.write(out, result, analysis, names, sweepOptions.tol);
        }
        UnaryOperator<double[]> toOriginal = prepared.standardizer() != null && model.tabular() && e.intercept()
                && model.paramCount() == train.features() + 1 ? prepared.standardizer()::toOriginalUnits : null;
        ObjectNode json = JsonSummary.build(Main.version(), command(prepared, rates), prepared.all(), result,
                new JsonSummary.TrialView(names, showParams || model.paramCount() <= 256, toOriginal), analysis);
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

    private String describe(TrainOptions.Prepared p, Model model) {
        Experiment e = p.experiment();
        Dataset d = e.train();
        StringBuilder sb = new StringBuilder();
        sb.append(model.name()).append(" model (").append(model.lossName()).append(" loss) of ").append(d.targetName())
                .append(" on ").append(d.features() <= 8 ? String.join(", ", d.featureNames()) : d.features() + " features");
        if (model instanceof LinearRegression) sb.append(e.intercept() ? " with intercept" : ", no intercept");
        sb.append("; ").append(d.rows()).append(" training rows");
        if (e.val() != null) sb.append(", ").append(e.val().rows()).append(" validation rows");
        if (p.standardizer() != null) sb.append(", standardized");
        int b = e.config().batchSize();
        sb.append("\n").append(e.optimizer()).append(", schedule ").append(e.schedule()).append(", ")
                .append(b >= d.rows() ? "full batch" : "batch size " + b).append(", ").append(e.config().steps())
                .append(" steps");
        if (model.tabular()) sb.append("\nparameters: ").append(String.join(", ", model.paramMeanings()));
        sb.append("\nrows: loss before update k, parameters after it");
        return sb.toString();
    }

    private Map<String, Object> command(TrainOptions.Prepared p, List<Double> rates) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("rates", rates);
        c.put("data", dataOptions.data.toString());
        c.put("target", p.all().targetName());
        c.put("features", p.all().featureNames());
        c.putAll(trainOptions.describe(p.experiment()));
        c.put("tol", sweepOptions.tol);
        c.put("seed", sweepOptions.seed);
        return c;
    }

    static void checkOutputDir(Path json) {
        Path parent = json.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new UsageException("--json: no such directory: " + parent);
        if (Files.isDirectory(json)) throw new UsageException("--json: is a directory: " + json);
    }
}
