package dev.lrsweep.data;

import java.util.SplittableRandom;

/** Row subsets of a dataset: seeded train/validation splits. */
public final class Splits {
    private Splits() {
    }

    /**
     * A train/validation pair.
     *
     * @param train the rows to train on
     * @param val   the held-out rows
     */
    public record Pair(Dataset train, Dataset val) {
    }

    /**
     * Holds out {@code round(fraction·n)} rows chosen by a seeded shuffle (Fisher–Yates with
     * {@link SplittableRandom}); both parts keep the file's row order.
     *
     * @throws DataException when either part would be empty
     */
    public static Pair split(Dataset data, double fraction, long seed) {
        int n = data.rows();
        int nVal = (int) Math.round(fraction * n);
        if (nVal < 1 || nVal >= n) {
            throw new DataException("--val-split: " + fraction + " of " + n + " rows leaves "
                    + (nVal < 1 ? "no validation rows" : "no training rows"));
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        boolean[] isVal = new boolean[n];
        for (int k = 0; k < nVal; k++) isVal[perm[k]] = true;
        int[] trainRows = new int[n - nVal];
        int[] valRows = new int[nVal];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (isVal[i]) {
                valRows[b++] = i;
            } else {
                trainRows[a++] = i;
            }
        }
        return new Pair(subset(data, trainRows), subset(data, valRows));
    }

    /** The given rows of {@code data}, in the given order, as a new dataset. */
    public static Dataset subset(Dataset data, int[] rows) {
        int d = data.features();
        double[] x = new double[rows.length * d];
        double[] y = new double[rows.length];
        double[] sx = data.xArray();
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(sx, rows[k] * d, x, k * d, d);
            y[k] = data.y(rows[k]);
        }
        return Dataset.withDigest(x, y, data.featureNames(), data.targetName(), data.source(), data.digest(),
                data.classLabels());
    }
}
