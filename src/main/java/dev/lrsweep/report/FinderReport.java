package dev.lrsweep.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.sweep.finder.RangeTestPoint;
import dev.lrsweep.sweep.finder.RangeTestResult;
import dev.lrsweep.sweep.finder.Suggestion;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** What {@code lrsweep find} prints and writes: the curve, why it stopped, the suggestions. */
public final class FinderReport {

    private FinderReport() {
    }

    /** The curve: step, lr, raw loss, smoothed loss; every {@code every}-th point and the last. */
    public static void table(PrintWriter out, RangeTestResult r, int every) {
        List<RangeTestPoint> pts = r.points();
        for (int i = 0; i < pts.size(); i++) {
            RangeTestPoint p = pts.get(i);
            if ((i + 1) % every != 0 && i != pts.size() - 1) continue;
            out.println(Numbers.f("step=%3d, lr=%s, loss=%s, smoothed=%s", p.step() + 1, Numbers.g4(p.lr()),
                    Numbers.g6(p.rawLoss()), Numbers.g6(p.smoothedLoss())));
        }
    }

    /** Why the test stopped, every suggestion, and the chosen one. */
    public static void summary(PrintWriter out, RangeTestResult r, Map<String, Suggestion> all, Suggestion chosen) {
        out.println(r.stopMessage());
        out.println("suggestions:");
        for (Suggestion s : all.values()) {
            out.println(Numbers.f("  %-20s %s", s.method(), s.isPresent() ? Numbers.rate(s.lrOrThrow())
                    : "none: " + s.reason().orElse("")));
        }
        out.println(chosen.isPresent()
                ? Numbers.f("suggestion: lr=%s (%s)", Numbers.rate(chosen.lrOrThrow()), chosen.method())
                : "suggestion: none (" + chosen.method() + "): " + chosen.reason().orElse(""));
    }

    /** The refinement grid's result. */
    public static void refine(PrintWriter out, SweepResult refined) {
        out.println("refine:");
        for (TrialOutcome o : refined.outcomes()) {
            out.println(Numbers.f("  lr=%-10s %-14s final_loss=%s", Numbers.rate(o.trial().lr()), o.status().label(),
                    Numbers.g6(o.finalLoss())));
        }
        if (refined.bestIndex() >= 0) {
            TrialOutcome b = refined.outcomes().get(refined.bestIndex());
            out.println(Numbers.f("refined best: lr=%s, final loss %s", Numbers.rate(b.trial().lr()),
                    Numbers.g6(b.finalLoss())));
        } else {
            out.println("refined best: none (every refinement trial diverged)");
        }
    }

    /**
     * The JSON summary of a range test.
     *
     * @param analysis the {@code analysis} block, built by {@link JsonSummary#analysis}
     * @param refined  the refinement grid, or null
     */
    public static ObjectNode json(String version, Map<String, Object> command, Dataset data, RangeTestResult r,
                                  Map<String, Suggestion> all, Suggestion chosen, ObjectNode analysis,
                                  SweepResult refined) {
        ObjectNode root = JsonSummary.header(version, command, data);
        ArrayNode pts = root.putArray("points");
        for (RangeTestPoint p : r.points()) {
            ObjectNode n = pts.addObject();
            n.put("step", p.step() + 1);
            num(n, "lr", p.lr());
            num(n, "loss", p.rawLoss());
            num(n, "smoothed_loss", p.smoothedLoss());
        }
        root.put("stop_reason", r.stopReason().name().toLowerCase(java.util.Locale.ROOT));
        root.put("stop_message", r.stopMessage());
        ObjectNode sug = root.putObject("suggestions");
        ObjectNode reasons = root.putObject("suggestion_reasons");
        for (Suggestion s : all.values()) {
            if (s.isPresent()) {
                sug.put(s.method(), s.lrOrThrow());
            } else {
                sug.putNull(s.method());
                reasons.put(s.method(), s.reason().orElse(""));
            }
        }
        ObjectNode c = root.putObject("suggestion");
        c.put("method", chosen.method());
        if (chosen.isPresent()) {
            c.put("lr", chosen.lrOrThrow());
        } else {
            c.putNull("lr");
            c.put("reason", chosen.reason().orElse(""));
        }
        root.set("analysis", analysis);
        if (refined == null) {
            root.putNull("refine");
        } else {
            ObjectNode ref = root.putObject("refine");
            ArrayNode trials = ref.putArray("trials");
            for (TrialOutcome o : refined.outcomes()) {
                ObjectNode t = trials.addObject();
                t.put("id", o.trial().id());
                t.put("lr", o.trial().lr());
                t.put("status", o.status().label());
                num(t, "final_loss", o.finalLoss());
                num(t, "final_val_loss", o.run().finalValLoss());
            }
            if (refined.bestIndex() < 0) {
                ref.putNull("best");
            } else {
                TrialOutcome b = refined.outcomes().get(refined.bestIndex());
                ObjectNode best = ref.putObject("best");
                best.put("id", b.trial().id());
                best.put("lr", b.trial().lr());
                num(best, "final_loss", b.finalLoss());
            }
        }
        return root;
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
