package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.report.Numbers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * CI expectations on a sweep's outcome, as a picocli mixin: {@code --expect-best-between},
 * {@code --expect-converged}, {@code --expect-diverged}, {@code --expect-not-diverged} and
 * {@code --max-best-loss}. {@code lrsweep check} applies them to a summary file; a sweep command
 * can apply them to the summary it has just built ({@link #gate}).
 *
 * <p>Each listed rate and each of the two best-trial flags is one expectation. A rate names every
 * trial whose {@code lr} equals it, or prints as it to the six significant digits the tables show,
 * so rates copied from a table or from a log-spaced {@code --range} grid match. A rate that names
 * no trial fails its expectation: a gate that cannot be evaluated never passes.
 */
@picocli.CommandLine.Command(addMethodSubcommands = false) // no scan of its methods for subcommands
final class Expectations {
    @Option(names = "--expect-best-between", paramLabel = "MIN:MAX",
            description = "The best trial's rate lies in [MIN, MAX].")
    String bestBetween;

    @Option(names = "--expect-converged", split = ",", paramLabel = "LR",
            description = "Every trial with this rate converged (status converged); the flag may repeat.")
    List<Double> converged;

    @Option(names = "--expect-diverged", split = ",", paramLabel = "LR",
            description = "Every trial with this rate diverged.")
    List<Double> diverged;

    @Option(names = "--expect-not-diverged", split = ",", paramLabel = "LR",
            description = "No trial with this rate diverged (converged, not_converged or stopped_early all pass).")
    List<Double> notDiverged;

    @Option(names = "--max-best-loss", paramLabel = "LOSS",
            description = "The best trial's final loss is at most LOSS.")
    Double maxBestLoss;

    /** Whether any expectation was given. */
    boolean any() {
        return count() > 0;
    }

    /** How many expectations were given: one per listed rate, one per best-trial flag. */
    int count() {
        return (bestBetween != null ? 1 : 0) + size(converged) + size(diverged) + size(notDiverged)
                + (maxBestLoss != null ? 1 : 0);
    }

    /**
     * Checks the flags' values before anything runs.
     *
     * @throws UsageException naming the flag: a malformed range, a rate that is not a finite number
     *                        above 0, a rate both expected to diverge and not to
     */
    void validate() {
        if (bestBetween != null) bounds();
        checkRates("--expect-converged", converged);
        checkRates("--expect-diverged", diverged);
        checkRates("--expect-not-diverged", notDiverged);
        if (maxBestLoss != null && !Double.isFinite(maxBestLoss)) {
            throw new UsageException("--max-best-loss: must be a finite number, got " + maxBestLoss);
        }
        both("--expect-diverged", diverged, "--expect-converged", converged);
        both("--expect-diverged", diverged, "--expect-not-diverged", notDiverged);
    }

    /**
     * The failed expectations, one line each, naming the flag, the value and what the summary holds
     * instead; empty when every expectation holds.
     *
     * @param summary a JSON summary as {@code grid}, {@code random} or {@code find} write it
     * @throws UsageException when {@code summary} is not an lrsweep summary this version reads
     */
    List<String> failures(JsonNode summary) {
        return failures(SweepSummary.of(summary));
    }

    /** The failed expectations on an already read summary; see {@link #failures(JsonNode)}. */
    List<String> failures(SweepSummary s) {
        validate();
        List<String> out = new ArrayList<>();
        if (bestBetween != null) {
            double[] b = bounds();
            String flag = "--expect-best-between " + bestBetween;
            if (s.best() == null) {
                out.add(flag + ": " + noBest(s));
            } else if (!(atMost(b[0], s.best().lr()) && atMost(s.best().lr(), b[1]))) {
                out.add(flag + ": the best rate is " + Numbers.rate(s.best().lr()) + " (" + s.best().label() + ")");
            }
        }
        expectStatus(out, s, "--expect-converged", converged, "did not converge", st -> st.equals("converged"));
        expectStatus(out, s, "--expect-diverged", diverged, "did not diverge", st -> st.equals("diverged"));
        expectStatus(out, s, "--expect-not-diverged", notDiverged, "diverged", st -> !st.equals("diverged"));
        if (maxBestLoss != null) {
            String flag = "--max-best-loss " + Numbers.rate(maxBestLoss);
            if (s.best() == null) {
                out.add(flag + ": " + noBest(s));
            } else if (Double.isNaN(s.best().finalLoss())) {
                out.add(flag + ": " + s.best().label() + " has no final loss"
                        + (s.command().equals("find") ? " (run find with --refine to train rates)" : ""));
            } else if (s.best().finalLoss() > maxBestLoss) {
                out.add(flag + ": the best final loss is " + Numbers.g6(s.best().finalLoss()) + " ("
                        + s.best().label() + ")");
            }
        }
        return out;
    }

    /**
     * Prints every failed expectation and then {@code PREFIX: N expectations, M failed}, one line
     * each, and says which exit code that means.
     *
     * @param summary the JSON summary to judge
     * @param to      where the lines go
     * @param prefix  the first word of each line: {@code check}, or {@code gate} in a sweep command
     * @return 0 when every expectation holds, 3 (a CI gate tripped) otherwise
     */
    int gate(JsonNode summary, PrintWriter to, String prefix) {
        return gate(SweepSummary.of(summary), to, prefix);
    }

    /** {@link #gate(JsonNode, PrintWriter, String)} on an already read summary. */
    int gate(SweepSummary summary, PrintWriter to, String prefix) {
        List<String> failed = failures(summary);
        for (String line : failed) to.println(prefix + ": " + line);
        int n = count();
        to.println(prefix + ": " + n + (n == 1 ? " expectation, " : " expectations, ") + failed.size() + " failed");
        to.flush();
        return failed.isEmpty() ? ExitCodes.OK : ExitCodes.GATE;
    }

    private static void expectStatus(List<String> out, SweepSummary s, String flag, List<Double> rates, String failed,
                                     Predicate<String> ok) {
        if (rates == null) return;
        for (double r : rates) {
            String head = flag + " " + Numbers.rate(r) + ": ";
            List<SweepSummary.TrialResult> named = s.trials().stream().filter(t -> sameRate(t.lr(), r)).toList();
            if (named.isEmpty()) {
                out.add(head + "no trial has this rate (" + ratesIn(s) + ")");
                continue;
            }
            List<SweepSummary.TrialResult> bad = named.stream().filter(t -> !ok.test(t.status())).toList();
            if (bad.isEmpty()) continue;
            if (named.size() == 1) {
                out.add(head + "trial " + bad.get(0).id() + " is " + bad.get(0).status());
            } else {
                List<String> which = new ArrayList<>();
                for (SweepSummary.TrialResult t : bad.subList(0, Math.min(bad.size(), 5))) {
                    which.add("trial " + t.id() + " " + t.status());
                }
                if (bad.size() > 5) which.add("...");
                out.add(head + bad.size() + " of " + named.size() + " trials with this rate " + failed + ": "
                        + String.join(", ", which));
            }
        }
    }

    private static String noBest(SweepSummary s) {
        if (s.command().equals("find") && s.trials().isEmpty()) return "the range test made no suggestion";
        return s.trials().isEmpty() ? "no best trial (the summary has no trials)" : "no best trial (every trial diverged)";
    }

    private static String ratesIn(SweepSummary s) {
        if (s.trials().isEmpty()) return "the summary has no trials";
        Set<String> rates = new LinkedHashSet<>();
        for (SweepSummary.TrialResult t : s.trials()) rates.add(Numbers.rate(t.lr()));
        List<String> shown = new ArrayList<>(rates);
        String more = shown.size() > 8 ? ", ..." : "";
        return "rates: " + String.join(", ", shown.subList(0, Math.min(shown.size(), 8))) + more;
    }

    /** The same rate: equal, or equal to the six significant digits tables print. */
    static boolean sameRate(double a, double b) {
        return a == b || Numbers.rate(a).equals(Numbers.rate(b));
    }

    private static boolean atMost(double a, double b) {
        return a <= b || sameRate(a, b);
    }

    private double[] bounds() {
        String[] ends = bestBetween.split(":", -1);
        double lo;
        double hi;
        try {
            if (ends.length != 2) throw new NumberFormatException();
            lo = Double.parseDouble(ends[0].strip());
            hi = Double.parseDouble(ends[1].strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--expect-best-between: expected MIN:MAX such as 0.02:0.04, got '"
                    + abbreviate(bestBetween) + "'");
        }
        if (!(lo >= 0) || !(hi >= lo) || !Double.isFinite(hi)) {
            throw new UsageException("--expect-best-between: needs 0 <= MIN <= MAX, both finite, got "
                    + abbreviate(bestBetween));
        }
        return new double[] {lo, hi};
    }

    private static void checkRates(String flag, List<Double> rates) {
        if (rates == null) return;
        for (double r : rates) {
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new UsageException(flag + ": every rate must be a finite number > 0, got " + r);
            }
        }
    }

    private static void both(String flagA, List<Double> a, String flagB, List<Double> b) {
        if (a == null || b == null) return;
        for (double x : a) {
            for (double y : b) {
                if (sameRate(x, y)) {
                    throw new UsageException(flagA + " and " + flagB + ": " + Numbers.rate(x)
                            + " cannot be expected both ways");
                }
            }
        }
    }

    private static int size(List<?> l) {
        return l == null ? 0 : l.size();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
