package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.Arrays;

/**
 * The blocked passes behind {@link Mlp}: loss sums and gradient sums of one or several parameter
 * vectors over a batch, a block of up to {@value #MAX_BLOCK} rows at a time.
 *
 * <p>Layout, chosen so that C2 vectorizes the inner loops: within a block, every level's values are
 * held unit by unit, one array per unit indexed by row ({@code cols[level][unit][row]}), so the
 * forward pass and the back-propagated deltas run over rows; the weight gradients of wide layers
 * take row-major copies ({@code [row][unit]}) and run over units. Each inner loop indexes all its
 * arrays with the same plain loop variable (C2 does not vectorize a loop when two arrays that might
 * be the same are read and written at different offsets). The first layer's deltas of all trials
 * sit side by side in one row, so its gradient, the largest, runs over {@code trials × units}.
 *
 * <p>The arithmetic is the per-row definition's ({@link Mlp#lossAndGradientRowByRow}), operation
 * for operation: a unit's pre-activation is its bias plus its inputs' products in input order; a
 * delta below is {@code 0.0} plus the products of the deltas above in unit order; every gradient
 * entry is {@code 0.0} plus its per-row terms in batch order. Only one thing differs: the per-row
 * form skips the products of a zero delta, which add a signed zero here (changing no sum, as a sum
 * started at {@code +0.0} is never {@code −0.0}) unless the other factor is infinite or NaN, and
 * then they leave a NaN in the gradient, which {@link Mlp} detects and answers row by row. So each
 * trial's sums are the per-row sums, bit for bit, whichever trials share the pass.
 *
 * <p>Holds scratch space sized for the network (and grown once for the most trials seen): not
 * thread-safe.
 */
final class MlpKernel {
    /** Rows per block, at most. */
    static final int MAX_BLOCK = 128;
    /** Values per level and block, at most (very wide layers get fewer rows per block). */
    private static final int BLOCK_VALUES = 1 << 16;
    /** Values of the first layer's shared scratch, at most: bounds the trials taken in one pass. */
    private static final int SHARED_VALUES = 1 << 18;

    private final int hiddenLayers;
    private final int[] width;
    private final int[] weightStart;
    private final boolean relu;
    private final boolean classification;
    /** Rows per block. */
    private final int block;
    /** Per level, per unit, the block's values by row (level 0: the features). */
    private final double[][][] cols;
    /** Deltas of the layer being back-propagated and of the level below it, per unit by row. */
    private final double[][] dA;
    private final double[][] dB;
    /** Row-major copies for the outer-product gradients of layers above the first. */
    private final double[][] dRow;
    private final double[][] inRow;
    /** Per layer above the first: whether its weight gradient is summed as outer products of rows. */
    private final boolean[] outer;
    /** Per layer: whether its outer-product gradient is held input-major ({@code [in][out]}). */
    private final boolean[] inputMajor;
    /** The dataset rows of the block. */
    private final int[] blockRows;
    private final double[] logits;
    private final double[] softmax;

    /** Trials the accumulators hold. */
    private int capacity;
    /** Per trial, per layer above the first: the weight gradient sums ({@code [out][in]}, or {@code [in][out]} when input-major). */
    private double[][][][] accW;
    /** Per trial, per layer above the first: the bias gradient sums. */
    private double[][][] accB;
    /** The first layer's deltas of the trials in the pass, by row: {@code [row][trial·n1 + unit]}. */
    private double[][] d0Row;
    /** The first layer's weight gradient sums, {@code [in][trial·n1 + unit]} or {@code [trial·n1 + unit][in]}. */
    private double[][] acc0;
    /** The first layer's bias gradient sums, {@code [trial·n1 + unit]}. */
    private double[] acc0b;
    /** The block's feature rows (when the first layer's gradient is held unit-major). */
    private double[][] xRow;

    MlpKernel(int[] width, int[] weightStart, boolean relu, boolean classification) {
        this.hiddenLayers = width.length - 2;
        this.width = width;
        this.weightStart = weightStart;
        this.relu = relu;
        this.classification = classification;
        int widest = 0;
        for (int w : width) widest = Math.max(widest, w);
        this.block = Math.max(1, Math.min(MAX_BLOCK, BLOCK_VALUES / widest));
        this.cols = new double[width.length][][];
        for (int l = 0; l < width.length; l++) cols[l] = new double[width[l]][block];
        this.dA = new double[widest][block];
        this.dB = new double[widest][block];
        this.outer = new boolean[hiddenLayers + 1];
        this.inputMajor = new boolean[hiddenLayers + 1];
        int rowWidth = 0;
        for (int l = 0; l <= hiddenLayers; l++) {
            long in = width[l];
            long out = width[l + 1];
            // outer products pay for the two transposes when the layer is more than a few units wide
            outer[l] = l > 0 && in * out >= 4 * (in + out);
            inputMajor[l] = out >= in;
            if (outer[l]) rowWidth = Math.max(rowWidth, Math.max(width[l], width[l + 1]));
        }
        this.dRow = new double[rowWidth == 0 ? 0 : block][rowWidth];
        this.inRow = new double[rowWidth == 0 ? 0 : block][rowWidth];
        this.blockRows = new int[block];
        int outputs = width[hiddenLayers + 1];
        this.logits = new double[outputs];
        this.softmax = new double[outputs];
        this.xRow = inputMajor[0] ? null : new double[block][width[0]];
        grow(1);
    }

    /** Makes the accumulators hold {@code trials} trials. */
    private void grow(int trials) {
        capacity = trials;
        accW = new double[trials][hiddenLayers + 1][][];
        accB = new double[trials][hiddenLayers + 1][];
        for (int t = 0; t < trials; t++) {
            for (int l = 1; l <= hiddenLayers; l++) {
                boolean im = outer[l] && inputMajor[l];
                accW[t][l] = im ? new double[width[l]][width[l + 1]] : new double[width[l + 1]][width[l]];
                accB[t][l] = new double[width[l + 1]];
            }
        }
        int units = trials * width[1];
        d0Row = new double[block][units];
        acc0 = inputMajor[0] ? new double[width[0]][units] : new double[units][width[0]];
        acc0b = new double[units];
    }

    /** The most trials one pass takes: the first layer's shared scratch stays within bounds. */
    private int trialsPerPass() {
        long perTrial = (long) width[1] * Math.max(block, width[0]);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, SHARED_VALUES / perTrial));
    }

    /**
     * The sum of the per-row losses over {@code rows[from..to)} (or rows {@code from..to-1} when
     * {@code rows} is null), in row order, without the penalty.
     */
    double lossSum(Dataset data, int[] rows, int from, int to, double[] params) {
        double sum = 0.0;
        for (int b = from; b < to; b += block) {
            int count = Math.min(block, to - b);
            gather(data, rows, b, count);
            forward(params, count);
            sum = lossBlock(data, count, sum, false);
        }
        return sum;
    }

    /**
     * How many of the dataset's rows the largest output picks out as the target class, or −1 when
     * an output is NaN (where the per-row form's ReLU may have given a number).
     */
    int correct(Dataset data, double[] params) {
        final double[] y = data.yArray();
        final double[][] out = cols[hiddenLayers + 1];
        final int classes = width[hiddenLayers + 1];
        int right = 0;
        for (int b = 0; b < data.rows(); b += block) {
            int count = Math.min(block, data.rows() - b);
            gather(data, null, b, count);
            forward(params, count);
            for (int k = 0; k < count; k++) {
                int best = 0;
                if (Double.isNaN(out[0][k])) return -1;
                for (int c = 1; c < classes; c++) {
                    if (Double.isNaN(out[c][k])) return -1;
                    if (out[c][k] > out[best][k]) best = c;
                }
                if (best == (int) y[blockRows[k]]) right++;
            }
        }
        return right;
    }

    /**
     * For each {@code t < count}: {@code sums[t]} the sum of the per-row losses and {@code grads[t]}
     * the sum of the per-row gradients (without the loss's constant factor, the 1/n or the penalty),
     * each in row order.
     */
    void gradientSums(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads, double[] sums,
                      int count) {
        int most = trialsPerPass();
        for (int first = 0; first < count; first += most) {
            pass(data, rows, from, to, params, grads, sums, first, Math.min(most, count - first));
        }
    }

    /** {@link #gradientSums} for trials {@code first..first+count-1}. */
    private void pass(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads, double[] sums,
                      int first, int count) {
        if (count > capacity) grow(count);
        final int n1 = width[1];
        final int units = count * n1;
        for (int t = 0; t < count; t++) {
            sums[first + t] = 0.0;
            clearAccumulators(t);
        }
        clearFirstLayer(units);
        for (int b = from; b < to; b += block) {
            passBlock(data, rows, b, Math.min(block, to - b), params, sums, first, count, units);
        }
        for (int t = 0; t < count; t++) copyOut(t, grads[first + t]);
    }

    /** One block of the pass: every trial forward, its loss and backward, then the first layer's gradients of all. */
    private void passBlock(Dataset data, int[] rows, int b, int count0, double[][] params, double[] sums, int first,
                           int count, int units) {
        final int n1 = width[1];
        gather(data, rows, b, count0);
        for (int t = 0; t < count; t++) {
            double[] p = params[first + t];
            forward(p, count0);
            sums[first + t] = lossBlock(data, count0, sums[first + t], true);
            spread(backward(p, t, count0), t * n1, n1, count0);
        }
        firstLayer(data, count0, units);
    }

    /** Zeroes trial t's gradient sums of the layers above the first. */
    private void clearAccumulators(int t) {
        for (int l = 1; l <= hiddenLayers; l++) {
            for (double[] g : accW[t][l]) Arrays.fill(g, 0.0);
            Arrays.fill(accB[t][l], 0.0);
        }
    }

    /** Zeroes the first layer's gradient sums of {@code units} units (all trials of the pass). */
    private void clearFirstLayer(int units) {
        if (inputMajor[0]) {
            for (double[] g : acc0) Arrays.fill(g, 0, units, 0.0);
        } else {
            for (int j = 0; j < units; j++) Arrays.fill(acc0[j], 0.0);
        }
        Arrays.fill(acc0b, 0, units, 0.0);
    }

    /** Trial t's gradient sums into its gradient vector, in parameter order. */
    private void copyOut(int t, double[] g) {
        final int n0 = width[0];
        final int n1 = width[1];
        final int base = t * n1;
        final int w0 = weightStart[0];
        final int b0 = w0 + n0 * n1;
        for (int o = 0; o < n1; o++) {
            for (int q = 0; q < n0; q++) {
                g[w0 + o * n0 + q] = inputMajor[0] ? acc0[q][base + o] : acc0[base + o][q];
            }
            g[b0 + o] = acc0b[base + o];
        }
        for (int l = 1; l <= hiddenLayers; l++) {
            final int nIn = width[l];
            final int nOut = width[l + 1];
            final int w = weightStart[l];
            final double[][] aw = accW[t][l];
            final boolean im = outer[l] && inputMajor[l];
            for (int o = 0; o < nOut; o++) {
                for (int q = 0; q < nIn; q++) g[w + o * nIn + q] = im ? aw[q][o] : aw[o][q];
                g[w + nIn * nOut + o] = accB[t][l][o];
            }
        }
    }

    /*
     * The loops over a block's rows sit in small methods, each called many times per pass: the JIT
     * then compiles each once or twice, early, where one method holding several of these loops was
     * compiled over and over (on-stack replacement at each loop, then the whole method), and on two
     * cores those compilations took a good share of a short run's CPU.
     */

    /** The first layer's deltas of one trial, side by side with the other trials' ({@link #d0Row}). */
    private void spread(double[][] d, int base, int n1, int count) {
        for (int k = 0; k < count; k++) {
            final double[] row = d0Row[k];
            for (int o = 0; o < n1; o++) row[base + o] = d[o][k];
        }
    }

    /** Notes the block's dataset rows and copies their features into {@code cols[0]} (and {@link #xRow}). */
    private void gather(Dataset data, int[] rows, int from, int count) {
        final double[] x = data.xArray();
        final double[][] in = cols[0];
        final int features = width[0];
        for (int k = 0; k < count; k++) {
            int i = rows == null ? from + k : rows[from + k];
            blockRows[k] = i;
            gatherRow(x, i * features, in, k, features);
            if (xRow != null) System.arraycopy(x, i * features, xRow[k], 0, features);
        }
    }

    /** Row k's features, from {@code x[off..]}, into {@code in[q][k]}. */
    private static void gatherRow(double[] x, int off, double[][] in, int k, int features) {
        for (int q = 0; q < features; q++) in[q][k] = x[off + q];
    }

    /** Fills {@code cols[1..]} for the block's rows: each unit's bias, then its inputs' products in order. */
    private void forward(double[] params, int count) {
        for (int l = 0; l <= hiddenLayers; l++) {
            final double[][] in = cols[l];
            final double[][] out = cols[l + 1];
            final int nIn = width[l];
            final int nOut = width[l + 1];
            final int bias = weightStart[l] + nIn * nOut;
            final boolean hidden = l < hiddenLayers;
            int w = weightStart[l];
            for (int o = 0; o < nOut; o++, w += nIn) unit(params, w, params[bias + o], in, out[o], nIn, hidden, count);
        }
    }

    /** One unit's values for the block's rows: its bias, then its inputs' products in order, then the activation. */
    private void unit(double[] params, int w, double b0, double[][] in, double[] z, int nIn, boolean hidden, int count) {
        // the bias, then the inputs four at a time: ((b + w0·a0) + w1·a1) + ..., the per-row order
        int q = 0;
        if (nIn >= 4) {
            final double w0 = params[w];
            final double w1 = params[w + 1];
            final double w2 = params[w + 2];
            final double w3 = params[w + 3];
            final double[] a0 = in[0];
            final double[] a1 = in[1];
            final double[] a2 = in[2];
            final double[] a3 = in[3];
            for (int k = 0; k < count; k++) z[k] = b0 + w0 * a0[k] + w1 * a1[k] + w2 * a2[k] + w3 * a3[k];
            q = 4;
        } else {
            for (int k = 0; k < count; k++) z[k] = b0;
        }
        for (; q + 4 <= nIn; q += 4) {
            final double w0 = params[w + q];
            final double w1 = params[w + q + 1];
            final double w2 = params[w + q + 2];
            final double w3 = params[w + q + 3];
            final double[] a0 = in[q];
            final double[] a1 = in[q + 1];
            final double[] a2 = in[q + 2];
            final double[] a3 = in[q + 3];
            for (int k = 0; k < count; k++) {
                z[k] = z[k] + w0 * a0[k] + w1 * a1[k] + w2 * a2[k] + w3 * a3[k];
            }
        }
        for (; q < nIn; q++) {
            final double w0 = params[w + q];
            final double[] a0 = in[q];
            for (int k = 0; k < count; k++) z[k] = z[k] + w0 * a0[k];
        }
        if (hidden) {
            if (relu) {
                // max(z, 0) is the per-row form's (z > 0 ? z : 0) except for NaN, which it keeps
                // (a branch here would mispredict on every other unit; max vectorizes)
                for (int k = 0; k < count; k++) z[k] = Math.max(z[k], 0.0);
            } else {
                for (int k = 0; k < count; k++) z[k] = Math.tanh(z[k]);
            }
        }
    }

    /**
     * Adds the block's per-row losses to {@code sum} in row order; with {@code deltas}, writes
     * ∂loss/∂output (without the loss's constant factor) into {@link #dA}.
     */
    private double lossBlock(Dataset data, int count, double sum, boolean deltas) {
        final double[] y = data.yArray();
        final double[][] out = cols[hiddenLayers + 1];
        if (!classification) {
            final double[] z = out[0];
            final double[] d = dA[0];
            for (int k = 0; k < count; k++) {
                double r = z[k] - y[blockRows[k]];
                sum += r * r;
                d[k] = r;
            }
            return sum;
        }
        final int classes = width[hiddenLayers + 1];
        for (int k = 0; k < count; k++) {
            for (int c = 0; c < classes; c++) logits[c] = out[c][k];
            int target = (int) y[blockRows[k]];
            if (deltas) {
                sum += Mlp.softmaxInto(logits, target, softmax);
                for (int c = 0; c < classes; c++) dA[c][k] = softmax[c];
            } else {
                sum += Mlp.crossEntropy(logits, target);
            }
        }
        return sum;
    }

    /**
     * Back-propagates the block's output deltas ({@link #dA}) through the layers above the first,
     * adding their gradients to trial t's accumulators.
     *
     * @return the first layer's deltas, per unit by row
     */
    private double[][] backward(double[] params, int t, int count) {
        double[][] d = dA;
        double[][] below = dB;
        for (int l = hiddenLayers; l >= 1; l--) {
            final double[][] a = cols[l];
            final int nIn = width[l];
            final int nOut = width[l + 1];
            final int wStart = weightStart[l];
            final double[][] gw = accW[t][l];
            final double[] gb = accB[t][l];
            if (outer[l]) {
                outerProducts(d, a, gw, gb, nIn, nOut, inputMajor[l], count);
            } else {
                for (int o = 0; o < nOut; o++) {
                    gb[o] = sum(gb[o], d[o], count);
                    dots(d[o], a, gw[o], nIn, count);
                }
            }
            // the deltas of the level below: 0.0 plus Σ_o w[o][q]·d[o] in unit order, then the activation's derivative
            for (int q = 0; q < nIn; q++) deltaBelow(params, wStart, nIn, nOut, q, d, below[q], a[q], count);
            double[][] swap = d;
            d = below;
            below = swap;
        }
        return d;
    }

    /** Unit q's deltas in the level below from the deltas {@code d} above, into {@code bq}; {@code aq} is its activation. */
    private void deltaBelow(double[] params, int wStart, int nIn, int nOut, int q, double[][] d, double[] bq,
                            double[] aq, int count) {
        for (int k = 0; k < count; k++) bq[k] = 0.0;
        int o = 0;
        for (; o + 4 <= nOut; o += 4) {
            final double w0 = params[wStart + o * nIn + q];
            final double w1 = params[wStart + (o + 1) * nIn + q];
            final double w2 = params[wStart + (o + 2) * nIn + q];
            final double w3 = params[wStart + (o + 3) * nIn + q];
            final double[] d0 = d[o];
            final double[] d1 = d[o + 1];
            final double[] d2 = d[o + 2];
            final double[] d3 = d[o + 3];
            for (int k = 0; k < count; k++) {
                bq[k] = bq[k] + w0 * d0[k] + w1 * d1[k] + w2 * d2[k] + w3 * d3[k];
            }
        }
        for (; o < nOut; o++) {
            final double w0 = params[wStart + o * nIn + q];
            final double[] d0 = d[o];
            for (int k = 0; k < count; k++) bq[k] = bq[k] + w0 * d0[k];
        }
        // aq is this layer's input, the activation of the level below: relu' = (a > 0), tanh' = 1 − a²
        if (relu) {
            // a ≥ 0 here: a·2¹⁰⁷⁴ capped at 1 is exactly 1 for a > 0 and 0 for a = 0, without a branch
            for (int k = 0; k < count; k++) bq[k] = bq[k] * Math.min(aq[k] * 0x1p1023 * 0x1p51, 1.0);
        } else {
            for (int k = 0; k < count; k++) bq[k] = bq[k] * (1.0 - aq[k] * aq[k]);
        }
    }

    /** {@code s + Σ_k d[k]}, in row order. */
    private static double sum(double s, double[] d, int count) {
        for (int k = 0; k < count; k++) s += d[k];
        return s;
    }

    /** {@code g[q] += Σ_k d[k]·a[q][k]} for every q, each sum in row order (four at a time). */
    private static void dots(double[] d, double[][] a, double[] g, int nIn, int count) {
        int q = 0;
        for (; q + 4 <= nIn; q += 4) {
            final double[] a0 = a[q];
            final double[] a1 = a[q + 1];
            final double[] a2 = a[q + 2];
            final double[] a3 = a[q + 3];
            double s0 = g[q];
            double s1 = g[q + 1];
            double s2 = g[q + 2];
            double s3 = g[q + 3];
            for (int k = 0; k < count; k++) {
                final double dk = d[k];
                s0 += dk * a0[k];
                s1 += dk * a1[k];
                s2 += dk * a2[k];
                s3 += dk * a3[k];
            }
            g[q] = s0;
            g[q + 1] = s1;
            g[q + 2] = s2;
            g[q + 3] = s3;
        }
        for (; q < nIn; q++) {
            final double[] a0 = a[q];
            double s0 = g[q];
            for (int k = 0; k < count; k++) s0 += d[k] * a0[k];
            g[q] = s0;
        }
    }

    /** A layer's gradient sums as outer products of its rows' deltas and inputs, row by row. */
    private void outerProducts(double[][] d, double[][] a, double[][] gw, double[] gb, int nIn, int nOut,
                               boolean im, int count) {
        for (int o = 0; o < nOut; o++) {
            final double[] dd = d[o];
            for (int k = 0; k < count; k++) dRow[k][o] = dd[k];
        }
        for (int q = 0; q < nIn; q++) {
            final double[] aq = a[q];
            for (int k = 0; k < count; k++) inRow[k][q] = aq[k];
        }
        for (int k = 0; k < count; k++) {
            final double[] dr = dRow[k];
            final double[] ir = inRow[k];
            for (int o = 0; o < nOut; o++) gb[o] = gb[o] + dr[o];
            if (im) {
                for (int q = 0; q < nIn; q++) {
                    final double aq = ir[q];
                    final double[] g = gw[q];
                    for (int o = 0; o < nOut; o++) g[o] = g[o] + dr[o] * aq;
                }
            } else {
                for (int o = 0; o < nOut; o++) {
                    final double dk = dr[o];
                    final double[] g = gw[o];
                    for (int q = 0; q < nIn; q++) g[q] = g[q] + dk * ir[q];
                }
            }
        }
    }

    /**
     * The first layer's gradient sums for every trial of the pass: outer products of the rows'
     * features and deltas, two rows at a time ({@code (g + x0·d0) + x1·d1}, still row by row).
     */
    private void firstLayer(Dataset data, int count, int units) {
        final double[] x = data.xArray();
        final int n0 = width[0];
        final double[] gb = acc0b;
        int k = 0;
        for (; k + 2 <= count; k += 2) {
            final double[] d0 = d0Row[k];
            final double[] d1 = d0Row[k + 1];
            for (int j = 0; j < units; j++) gb[j] = gb[j] + d0[j] + d1[j];
            if (inputMajor[0]) {
                final int off0 = blockRows[k] * n0;
                final int off1 = blockRows[k + 1] * n0;
                for (int q = 0; q < n0; q++) {
                    final double x0 = x[off0 + q];
                    final double x1 = x[off1 + q];
                    final double[] g = acc0[q];
                    for (int j = 0; j < units; j++) g[j] = g[j] + d0[j] * x0 + d1[j] * x1;
                }
            } else {
                final double[] x0 = xRow[k];
                final double[] x1 = xRow[k + 1];
                for (int j = 0; j < units; j++) {
                    final double g0 = d0[j];
                    final double g1 = d1[j];
                    final double[] g = acc0[j];
                    for (int q = 0; q < n0; q++) g[q] = g[q] + g0 * x0[q] + g1 * x1[q];
                }
            }
        }
        for (; k < count; k++) {
            final double[] dr = d0Row[k];
            for (int j = 0; j < units; j++) gb[j] = gb[j] + dr[j];
            if (inputMajor[0]) {
                final int off = blockRows[k] * n0;
                for (int q = 0; q < n0; q++) {
                    final double xq = x[off + q];
                    final double[] g = acc0[q];
                    for (int j = 0; j < units; j++) g[j] = g[j] + dr[j] * xq;
                }
            } else {
                final double[] xr = xRow[k];
                for (int j = 0; j < units; j++) {
                    final double dk = dr[j];
                    final double[] g = acc0[j];
                    for (int q = 0; q < n0; q++) g[q] = g[q] + dk * xr[q];
                }
            }
        }
    }
}
