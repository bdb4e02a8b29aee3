package dev.lrsweep.report;

import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.train.LoggedStep;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code --csv FILE}: the sweep in long format, one row per trial and logged step, with the trial's
 * swept values, the step's rate, losses and accuracies, and the parameters when they are shown.
 * Quoted by Apache Commons CSV (specs contain commas); missing values are empty cells.
 */
public final class CsvExport {
    private CsvExport() {
    }

    /**
     * The CSV text.
     *
     * @param paramNames parameter names, or an empty list to leave parameters out
     * @param batchSize  the effective batch size of a trial
     */
    public static String format(SweepResult result, List<String> paramNames, ToIntFunction<dev.lrsweep.sweep.Trial> batchSize)
            throws IOException {
        List<String> head = new ArrayList<>(List.of("trial", "trial_lr", "seed", "optimizer", "schedule", "batch_size",
                "status", "step", "epoch", "lr", "loss", "val_loss", "accuracy", "val_accuracy"));
        head.addAll(paramNames);
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator('\n')
                .setHeader(head.toArray(new String[0])).build())) {
            for (TrialOutcome o : result.outcomes()) {
                for (LoggedStep s : o.run().logged()) {
                    List<Object> row = new ArrayList<>(List.of(o.trial().id(), o.trial().lr(), o.trial().seed(),
                            o.trial().optimizer().toString(), o.trial().schedule().toString(),
                            batchSize.applyAsInt(o.trial()), o.status().label(), s.step(), s.epoch(), cell(s.lr()),
                            cell(s.loss()), cell(s.valLoss()), cell(s.accuracy()), cell(s.valAccuracy())));
                    if (!paramNames.isEmpty()) {
                        // a step logged without its parameters (see LoggedStep) has empty cells
                        for (int j = 0; j < paramNames.size(); j++) row.add(s.params() == null ? "" : cell(s.params()[j]));
                    }
                    p.printRecord(row);
                }
            }
        }
        return w.toString();
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
