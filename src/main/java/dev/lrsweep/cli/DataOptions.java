package dev.lrsweep.cli;

import dev.lrsweep.data.CsvOptions;
import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.DatasetCache;
import dev.lrsweep.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options saying which CSV file to read and which columns to use. */
@picocli.CommandLine.Command(addMethodSubcommands = false) // no scan of its methods for subcommands
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file with a header row.")
    Path data;

    @Option(names = "--target", paramLabel = "NAME", description = "Target column (default: the last column).")
    String target;

    @Option(names = "--features", split = ",", paramLabel = "NAME",
            description = "Feature columns, in order (default: every column but the target).")
    List<String> features;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "Field separator, one character; 'tab' for a tab (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--no-header", description = "The file has no header row; columns are named c1..cn.")
    boolean noHeader;

    @Option(names = "--cache", description = "Keep a binary copy of the parsed CSV beside it (.NAME.lrsweep-cache) "
            + "and use it while the CSV is unchanged; a stale or damaged copy is rebuilt.")
    boolean cache;

    CsvOptions csvOptions(boolean labels) {
        String d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new UsageException("--delimiter: must be one character other than a quote or line break, got '"
                    + delimiter + "'");
        }
        return new CsvOptions(!noHeader, target, features, d.charAt(0), labels);
    }

    /**
     * Reads --data (through the cache with --cache); with {@code labels} the target holds class
     * labels. Notes about the cache are added to {@code notes}.
     */
    Dataset read(boolean labels, java.util.List<String> notes) {
        DatasetCache.Result r = DatasetCache.load(data, csvOptions(labels), cache);
        if (r.note() != null) notes.add("cache: " + r.note());
        return r.dataset();
    }

    /** How a validation file is read: the training data's target and feature columns, by name. */
    CsvOptions validationOptions(Dataset train, boolean labels) {
        CsvOptions o = csvOptions(labels);
        return new CsvOptions(o.header(), train.targetName(), train.featureNames(), o.delimiter(), labels);
    }

    /**
     * Reads a validation file with the same columns as {@code train}; class labels are mapped to
     * the training data's class indices.
     */
    Dataset readValidation(Path file, Dataset train, boolean labels) {
        Dataset v;
        try {
            v = CsvReader.read(file, validationOptions(train, labels));
        } catch (dev.lrsweep.data.DataException e) {
            // the validation file is read by the training data's column names: a missing one is
            // about --val, not about the --target/--features flags (which may not have been given)
            String m = e.getMessage();
            if (m.startsWith("--target: ") || m.startsWith("--features: ")) {
                throw new dev.lrsweep.data.DataException("--val: " + m.substring(m.indexOf(' ') + 1)
                        + " (the validation file needs the training data's columns)");
            }
            throw e;
        }
        if (!labels) return v;
        double[] y = new double[v.rows()];
        for (int i = 0; i < y.length; i++) {
            String label = v.classLabels().get((int) v.y(i));
            int c = train.classLabels().indexOf(label);
            if (c < 0) {
                throw dev.lrsweep.data.DataException.atRow(v, i, "--val: class '" + label
                        + "' is not in the training data (classes: " + String.join(", ", train.classLabels()) + ")");
            }
            y[i] = c;
        }
        return Dataset.withDigest(v.xArray(), y, v.featureNames(), v.targetName(), v.source(), v.digest(),
                train.classLabels());
    }
}
