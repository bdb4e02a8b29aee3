package dev.lrsweep.data;

import java.util.List;

/**
 * How to read a CSV file into a {@link Dataset}.
 *
 * @param header    whether the first row names the columns (otherwise they are c1..cn)
 * @param target    the target column's name, or null for the last column
 * @param features  the feature columns in order, or null for every column but the target
 * @param delimiter the field separator
 */
public record CsvOptions(boolean header, String target, List<String> features, char delimiter) {
    /** Header row, last column as target, all others as features, comma-separated. */
    public static CsvOptions defaults() {
        return new CsvOptions(true, null, null, ',');
    }

    /** A copy with the given target column. */
    public CsvOptions withTarget(String name) {
        return new CsvOptions(header, name, features, delimiter);
    }
}
