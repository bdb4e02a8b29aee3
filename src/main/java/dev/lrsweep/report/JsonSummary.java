package dev.lrsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.analysis.Curvature;
import dev.lrsweep.analysis.LinearAnalysis;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.sweep.SettingStats;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.train.Event;
import dev.lrsweep.train.LoggedStep;
import dev.lrsweep.train.TrainRun;
import java.util.List;
import java.util.Map;

/**
 * The JSON summary scripts read (schema in the README). Field names are snake_case and stable;
 * {@link #SCHEMA_VERSION} changes when a field changes meaning or goes away. Numbers that are not
 * finite are written as null, with the trial's status saying why.
 */
public final class JsonSummary {
    /** Event values that count something: epochs, steps, how many. */
    private static final java.util.Set<String> COUNTS = java.util.Set.of("epoch", "best_epoch", "count", "first_step");

    /**
     * Version of the JSON layout. 2: mini-batch trials' {@code best_loss}, {@code best_step} and
     * {@code steps_to_target} are judged on whole-data and epoch-mean losses, not batch losses, and
     * trials carry {@code epoch_losses}.
     */
    public static final int SCHEMA_VERSION = 2;


    private JsonSummary() {
    }

    /**
     * Builds the summary.
     *
     * @param version    the tool's version
     * @param command    the resolved configuration, in a stable order
     * @param data       the dataset trained on
     * @param result     the sweep's outcome
     * @param view       how to show parameters
     * @param analysis   the closed-form analysis, or null
     * @param stats      per-setting statistics over repeated seeds, or empty
     */
    public static ObjectNode build(String version, Map<String, Object> command, Dataset data, SweepResult result,
                                   TrialView view, Curvature analysis, List<SettingStats> stats) {
        List<String> paramNames = view.paramNames();
        ObjectNode root = header(version, command, data);

        ArrayNode trials = JsonTrees.array();
        for (TrialOutcome o : result.outcomes()) trials.add(trial(o, view));
        putJudgement(root, trials, result, stats, view.batchSize());
        if (analysis == null) {
            root.putNull("analysis");
        } else {
            root.set("analysis", analysis(analysis, paramNames));
        }
        return root;
    }

    /** The fields every summary starts with: tool, version, schema_version, command, dataset. */
    public static ObjectNode header(String version, Map<String, Object> command, Dataset data) {
        ObjectNode root = JsonTrees.object();
        root.put("tool", "lrsweep");
        root.put("version", version);
        root.put("schema_version", SCHEMA_VERSION);
        root.set("command", JsonTrees.of(command));
        ObjectNode ds = root.putObject("dataset");
        ds.put("path", data.source());
        ds.put("rows", data.rows());
        ArrayNode feats = ds.putArray("features");
        data.featureNames().forEach(feats::add);
        ds.put("target", data.targetName());
        ds.put("sha256", data.sha256());
        return root;
    }

    /**
     * Writes what depends on judging the trials together — {@code reference}, each trial's
     * {@code status} and {@code steps_to_target}, {@code best} and {@code settings} — into
     * {@code root}, after its {@code dataset}. {@code trials} holds one node per outcome, in order;
     * it is put into root as {@code trials}. Merging shard parts uses this to judge the whole sweep.
     */
    public static void putJudgement(ObjectNode root, ArrayNode trials, SweepResult result, List<SettingStats> stats,
                                    java.util.function.ToIntFunction<Trial> batchSize) {
        ObjectNode ref = JsonTrees.object();
        putNumber(ref, "loss", result.referenceLoss());
        ref.put("source", result.reference());
        root.set("reference", ref);
        for (int i = 0; i < result.outcomes().size(); i++) {
            TrialOutcome o = result.outcomes().get(i);
            ObjectNode t = (ObjectNode) trials.get(i);
            t.put("status", o.status().label());
            putStep(t, "steps_to_target", o.stepsToTarget());
        }
        root.set("trials", trials);
        if (result.bestIndex() < 0) {
            root.putNull("best");
        } else {
            TrialOutcome b = result.outcomes().get(result.bestIndex());
            ObjectNode best = root.putObject("best");
            best.put("id", b.trial().id());
            best.put("lr", b.trial().lr());
            putNumber(best, "final_loss", b.finalLoss());
            putStep(best, "steps_to_target", b.stepsToTarget());
        }
        if (!stats.isEmpty()) {
            ArrayNode settings = root.putArray("settings");
            for (SettingStats st : stats) {
                ObjectNode n = settings.addObject();
                n.put("lr", st.first().lr());
                n.put("optimizer", st.first().optimizer().toString());
                n.put("schedule", st.first().schedule().toString());
                n.put("batch_size", batchSize.applyAsInt(st.first()));
                n.put("repeats", st.repeats());
                n.put("diverged", st.diverged());
                putNumber(n, "mean_final_loss", st.meanLoss());
                putNumber(n, "std_final_loss", st.stdLoss());
                putNumber(n, "mean_final_val_loss", st.meanValLoss());
                putNumber(n, "std_final_val_loss", st.stdValLoss());
            }
        }
    }

    /** A node as one line of JSON (JSON Lines). */
    public static String toLine(JsonNode node) {
        return JsonTrees.write(node, false);
    }

    /** The summary as indented JSON text with a final newline. */
    public static String toText(JsonNode node) {
        return JsonTrees.write(node, true) + System.lineSeparator();
    }

    /**
     * How trials show their parameters.
     *
     * @param paramNames  parameter names in order
     * @param showParams  whether to write every parameter (else only their count and norm)
     * @param toOriginal  maps parameters fitted on standardized features back to original units, or
     *                    null when that does not apply
     * @param steps       the number of steps a trial was set to run
     * @param batchSize   the effective batch size of a trial
     */
    public record TrialView(List<String> paramNames, boolean showParams,
                            java.util.function.UnaryOperator<double[]> toOriginal,
                            java.util.function.ToIntFunction<Trial> steps,
                            java.util.function.ToIntFunction<Trial> batchSize) {
    }

    /** One trial's object, as in {@code trials[]}. */
    public static ObjectNode trial(TrialOutcome o, TrialView view) {
        List<String> paramNames = view.paramNames();
        TrainRun run = o.run();
        ObjectNode t = JsonTrees.object();
        t.put("id", o.trial().id());
        t.put("lr", o.trial().lr());
        t.put("seed", o.trial().seed());
        t.put("optimizer", o.trial().optimizer().toString());
        t.put("schedule", o.trial().schedule().toString());
        t.put("batch_size", view.batchSize().applyAsInt(o.trial()));
        t.put("steps", view.steps().applyAsInt(o.trial()));
        t.put("status", o.status().label());
        putNumber(t, "final_loss", o.finalLoss());
        putNumber(t, "best_loss", o.bestLoss());
        t.put("best_step", o.bestStep());
        putStep(t, "steps_to_target", o.stepsToTarget());
        t.put("steps_run", run.updates());
        if (run.miniBatch()) {
            ArrayNode epochLosses = t.putArray("epoch_losses");
            for (double l : run.epochLosses()) addNumber(epochLosses, l);
        } else {
            t.putNull("epoch_losses");
        }
        if (run.nonFinite()) {
            t.put("non_finite_at_step", run.updates() + 1);
        } else {
            t.putNull("non_finite_at_step");
        }
        putNumber(t, "final_val_loss", run.finalValLoss());
        putNumber(t, "final_accuracy", run.finalAccuracy());
        putNumber(t, "final_val_accuracy", run.finalValAccuracy());
        double[] p = run.finalParams();
        if (view.showParams()) {
            putParams(t.putObject("params"), paramNames, p);
            if (view.toOriginal() != null) {
                putParams(t.putObject("params_original_units"), paramNames, view.toOriginal().apply(p));
            }
        } else {
            t.putNull("params");
        }
        t.put("param_count", p.length);
        putNumber(t, "param_norm", LoggedStep.norm(p));
        ArrayNode history = t.putArray("history");
        for (LoggedStep s : run.logged()) {
            ObjectNode h = history.addObject();
            h.put("step", s.step());
            h.put("epoch", s.epoch());
            putNumber(h, "lr", s.lr());
            putNumber(h, "loss", s.loss());
            if (!Double.isNaN(s.valLoss())) putNumber(h, "val_loss", s.valLoss());
            if (!Double.isNaN(s.accuracy())) putNumber(h, "accuracy", s.accuracy());
            if (!Double.isNaN(s.valAccuracy())) putNumber(h, "val_accuracy", s.valAccuracy());
        }
        ArrayNode events = t.putArray("events");
        for (Event e : run.events()) {
            ObjectNode ev = events.addObject();
            ev.put("step", e.step());
            ev.put("kind", e.kind());
            e.values().forEach((k, v) -> {
                // epochs, steps and counts are whole numbers, written as such (like history[].epoch)
                if (COUNTS.contains(k) && v == Math.rint(v) && Math.abs(v) < 1e15) {
                    ev.put(k, (long) (double) v);
                } else {
                    putNumber(ev, k, v);
                }
            });
            ev.put("message", e.message());
        }
        t.put("elapsed_ms", Math.round(run.elapsedNanos() / 1e3) / 1e3);
        return t;
    }

    private static void putParams(ObjectNode n, List<String> names, double[] p) {
        for (int j = 0; j < p.length; j++) putNumber(n, names.get(j), p[j]);
    }

    /** The {@code analysis} block for any curvature result. */
    public static ObjectNode analysis(Curvature c, List<String> paramNames) {
        ObjectNode n = c.linear() != null ? linear(c.linear(), paramNames) : JsonTrees.object();
        n.put("kind", c.kind());
        putNumber(n, "critical_lr", c.criticalLr());
        n.put("critical_lr_is_estimate", c.estimate());
        if (c.logistic() != null) {
            putNumber(n, "smoothness", c.logistic().smoothness());
            putNumber(n, "safe_lr", c.logistic().safeLr());
        }
        if (!Double.isNaN(c.sharpness())) {
            putNumber(n, "sharpness", c.sharpness());
            putNumber(n, "estimated_critical_lr", 2 / c.sharpness());
        }
        return n;
    }

    private static ObjectNode linear(LinearAnalysis a, List<String> paramNames) {
        ObjectNode n = JsonTrees.object();
        putNumber(n, "optimum_loss", a.optimumLoss());
        if (a.optimumParams() == null) {
            n.putNull("optimum_params");
        } else {
            ObjectNode p = n.putObject("optimum_params");
            for (int j = 0; j < paramNames.size(); j++) putNumber(p, paramNames.get(j), a.optimumParams()[j]);
        }
        ArrayNode ev = n.putArray("hessian_eigenvalues");
        for (double e : a.hessianEigenvalues()) ev.add(e);
        putNumber(n, "critical_lr", a.criticalLr());
        putNumber(n, "optimal_lr", a.optimalLr());
        n.put("rank", a.rank());
        n.put("rank_deficient", a.rankDeficient());
        return n;
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void addNumber(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    private static void putStep(ObjectNode n, String key, int step) {
        if (step < 0) {
            n.putNull(key);
        } else {
            n.put(key, step);
        }
    }
}
