package dev.lrsweep.data;

import java.util.List;

/**
 * A numeric dataset held once and shared read-only by every trial: the features as one contiguous
 * row-major {@code double[]} (row i, feature j at {@code i*features + j}) and the target as another.
 * Immutable after construction; the arrays are never handed out for writing.
 */
public final class Dataset {
    private final double[] x;
    private final double[] y;
    private final int rows;
    private final int features;
    private final List<String> featureNames;
    private final String targetName;
    private final String source;
    private final ContentDigest digest;
    private final List<String> classLabels;

    /**
     * @param x            row-major features, {@code rows * featureNames.size()} values
     * @param y            target, {@code rows} values
     * @param featureNames feature column names in order
     * @param targetName   target column name
     * @param source       where the data came from (a path), for reports
     * @param sha256       hex SHA-256 of the source bytes, or null when there is no file
     */
    public Dataset(double[] x, double[] y, List<String> featureNames, String targetName, String source, String sha256) {
        this(x, y, featureNames, targetName, source, sha256, List.of());
    }

    /**
     * A dataset whose target holds class indices 0..C-1 into {@code classLabels}.
     *
     * @param classLabels the class labels in index order; empty for a numeric target
     */
    public Dataset(double[] x, double[] y, List<String> featureNames, String targetName, String source, String sha256,
                   List<String> classLabels) {
        this(x, y, featureNames, targetName, source, classLabels, ContentDigest.of(sha256));
    }

    /**
     * As {@link #Dataset(double[], double[], List, String, String, String, List)}, with the source's
     * digest computed on demand (see {@link ContentDigest}).
     */
    public static Dataset withDigest(double[] x, double[] y, List<String> featureNames, String targetName,
                                     String source, ContentDigest digest, List<String> classLabels) {
        return new Dataset(x, y, featureNames, targetName, source, classLabels, digest);
    }

    private Dataset(double[] x, double[] y, List<String> featureNames, String targetName, String source,
                    List<String> classLabels, ContentDigest digest) {
        this.features = featureNames.size();
        this.rows = y.length;
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected " + rows + "x" + features);
        }
        this.x = x;
        this.y = y;
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        this.source = source;
        this.digest = digest == null ? ContentDigest.of(null) : digest;
        this.classLabels = List.copyOf(classLabels);
    }

    /** Number of rows. */
    public int rows() { return rows; }

    /** Number of feature columns. */
    public int features() { return features; }

    /** Feature value at row i, column j. */
    public double x(int i, int j) { return x[i * features + j]; }

    /** Target value at row i. */
    public double y(int i) { return y[i]; }

    /**
     * The row-major feature array itself, for hot loops. Callers must not write to it.
     */
    public double[] xArray() { return x; }

    /** The target array itself, for hot loops. Callers must not write to it. */
    public double[] yArray() { return y; }

    /** Feature column names in order. */
    public List<String> featureNames() { return featureNames; }

    /** Target column name. */
    public String targetName() { return targetName; }

    /** The path the data came from. */
    public String source() { return source; }

    /** The class labels in index order, when the target holds class indices; empty otherwise. */
    public List<String> classLabels() { return classLabels; }

    /** Number of classes (0 for a numeric target). */
    public int classes() { return classLabels.size(); }

    /**
     * Hex SHA-256 of the source file's bytes, or null; may read the file to compute it.
     *
     * @throws DataException when the file changed since it was read, or cannot be read again
     */
    public String sha256() { return digest.hex(); }

    /** The source's digest, computed or not yet: what a derived dataset passes on. */
    public ContentDigest digest() { return digest; }
}
