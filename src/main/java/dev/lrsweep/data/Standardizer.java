package dev.lrsweep.data;

/**
 * Feature standardization {@code z = (x − mean)/std} with statistics from the training rows only
 * (population standard deviation, as scikit-learn's StandardScaler); a constant column keeps
 * std = 1 so it maps to 0 rather than to NaN.
 *
 * @param mean per-feature mean of the training rows
 * @param std  per-feature standard deviation of the training rows (1 for constant columns)
 */
public record Standardizer(double[] mean, double[] std) {
    /** Statistics of {@code train}'s features. */
    public static Standardizer fit(Dataset train) {
        int n = train.rows();
        int d = train.features();
        double[] mean = new double[d];
        double[] m2 = new double[d];
        double[] x = train.xArray();
        // Welford's update: stable for large offsets
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                double delta = v - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(m2[j] / n);
            std[j] = s > 0 ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /** {@code data} with standardized features (the target is unchanged). */
    public Dataset apply(Dataset data) {
        int d = data.features();
        double[] src = data.xArray();
        double[] x = new double[src.length];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = (src[i * d + j] - mean[j]) / std[j];
        }
        return Dataset.withDigest(x, data.yArray().clone(), data.featureNames(), data.targetName(), data.source(),
                data.digest(), data.classLabels());
    }

    /**
     * Linear-model parameters {@code (a1..ak, b)} fitted on standardized features, expressed in the
     * original units: {@code a_j / std_j} and {@code b − Σ a_j·mean_j/std_j}. Needs the intercept:
     * without one, the model on standardized features has an implicit constant that the original
     * units cannot express.
     */
    public double[] toOriginalUnits(double[] params) {
        int d = mean.length;
        if (params.length != d + 1) throw new IllegalArgumentException("expected " + (d + 1) + " parameters with b");
        double[] out = params.clone();
        double shift = 0;
        for (int j = 0; j < d; j++) {
            out[j] = params[j] / std[j];
            shift += params[j] * mean[j] / std[j];
        }
        out[d] = params[d] - shift;
        return out;
    }
}
