package dev.lrsweep.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Repeats of one setting (the same swept values but the seed), summarised: mean and standard
 * deviation of the final loss over the repeats that did not diverge, and how many diverged.
 *
 * @param first      the first trial of the setting (its swept values)
 * @param repeats    how many seeds ran it
 * @param diverged   how many of them diverged
 * @param meanLoss   mean final loss of the others (NaN when all diverged)
 * @param stdLoss    sample standard deviation of those (NaN with fewer than two)
 * @param meanValLoss mean final validation loss (NaN without validation)
 * @param stdValLoss sample standard deviation of the validation losses
 */
public record SettingStats(Trial first, int repeats, int diverged, double meanLoss, double stdLoss,
                           double meanValLoss, double stdValLoss) {

    /** Groups outcomes by setting, in the order settings first appear. */
    public static List<SettingStats> of(List<TrialOutcome> outcomes) {
        Map<String, List<TrialOutcome>> groups = new LinkedHashMap<>();
        for (TrialOutcome o : outcomes) groups.computeIfAbsent(o.trial().settingKey(), k -> new ArrayList<>()).add(o);
        List<SettingStats> out = new ArrayList<>();
        for (List<TrialOutcome> g : groups.values()) {
            SummaryStatistics loss = new SummaryStatistics();
            SummaryStatistics val = new SummaryStatistics();
            int diverged = 0;
            for (TrialOutcome o : g) {
                if (o.status() == dev.lrsweep.train.Status.DIVERGED) {
                    diverged++;
                    continue;
                }
                loss.addValue(o.finalLoss());
                if (!Double.isNaN(o.run().finalValLoss())) val.addValue(o.run().finalValLoss());
            }
            out.add(new SettingStats(g.get(0).trial(), g.size(), diverged, mean(loss), std(loss), mean(val), std(val)));
        }
        return List.copyOf(out);
    }

    private static double mean(SummaryStatistics s) {
        return s.getN() == 0 ? Double.NaN : s.getMean();
    }

    private static double std(SummaryStatistics s) {
        return s.getN() < 2 ? Double.NaN : s.getStandardDeviation();
    }
}
