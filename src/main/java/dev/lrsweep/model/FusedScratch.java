package dev.lrsweep.model;

import java.util.Arrays;

/**
 * Scratch space for the fused kernels of the linear and logistic models, grown on demand and reused
 * from call to call so that a training step allocates nothing. Vectors {@code t < count & ~3} are
 * packed in blocks of four, feature-major within a block: weight j of vector t sits at
 * {@code (t & ~3)·d + 4·j + (t & 3)}, and so does its gradient accumulator. Not thread-safe.
 */
final class FusedScratch {
    /** Packed weights of the vectors in blocks of four. */
    double[] params = new double[0];
    /** Packed gradient accumulators, same layout as {@link #params}. */
    double[] grads = new double[0];
    /** Each vector's intercept, or 0 without one. */
    double[] bias = new double[0];
    /** Each vector's running loss sum. */
    double[] sums = new double[0];
    /** Each vector's running intercept-gradient sum. */
    double[] biasGrads = new double[0];

    /**
     * Packs the first {@code count} vectors and clears the accumulators.
     *
     * @param features  weights per vector (the intercept, if any, follows them)
     * @param intercept whether each vector ends with an intercept
     */
    void prepare(double[][] vectors, int count, int features, boolean intercept) {
        int packed = count & ~3;
        int size = packed * features;
        if (params.length < size) {
            params = new double[size];
            grads = new double[size];
        }
        if (bias.length < count) {
            bias = new double[count];
            sums = new double[count];
            biasGrads = new double[count];
        }
        Arrays.fill(grads, 0, size, 0.0);
        Arrays.fill(sums, 0, count, 0.0);
        Arrays.fill(biasGrads, 0, count, 0.0);
        for (int t = 0; t < packed; t++) {
            double[] v = vectors[t];
            int base = (t & ~3) * features + (t & 3);
            for (int j = 0; j < features; j++) params[base + 4 * j] = v[j];
        }
        for (int t = 0; t < count; t++) bias[t] = intercept ? vectors[t][features] : 0.0;
    }
}
