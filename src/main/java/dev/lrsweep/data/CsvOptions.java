package dev.lrsweep.data;

import java.util.List;

/**
 * How to read a CSV file into a {@link Dataset}.
 *
 * @param header    whether the first row names the columns (otherwise they are c1..cn)
 * @param target    the target column's name, or null for the last column
 * @param features  the feature columns in order, or null for every column but the target
 * @param delimiter the field separator
 * @param labels    read the target as class labels (text or integers) rather than numbers
 */
public record CsvOptions(boolean header, String target, List<String> features, char delimiter, boolean labels) {
    /** Header row, last column as numeric target, all others as features, comma-separated. */
    public static CsvOptions defaults() {
        return new CsvOptions(true, null, null, ',', false);
    }

    /** A copy that reads the target as class labels or as numbers. */
    public CsvOptions withLabels(boolean asLabels) {
        return new CsvOptions(header, target, features, delimiter, asLabels);
    }
}
