package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Logistic regression {@code p = σ(z)}, {@code z = a1*x1 + ... + ak*xk (+ b)}, for a 0/1 target,
 * with the mean binary cross-entropy {@code mean(−y·log p − (1−y)·log(1−p))} (Keras's
 * {@code binary_crossentropy} on logits), plus {@code l2·Σ a_j²} when an L2 penalty is set (the
 * intercept is not penalised, as in {@link LinearRegression}). The gradient is
 * {@code (1/n) Σ (p − y) x̃ + 2·l2·a} with {@code x̃ = (x, 1)} when there is an intercept.
 * The loss and σ share one {@code exp(−|z|)} per row (σ(z) is {@code 1/(1+e)} for {@code z ≥ 0}
 * and {@code e/(1+e)} below, the same bits as computing σ on its own).
 *
 * <p>Each row's loss is computed from the logit as {@code max(z,0) − z·y + log1p(exp(−|z|))}, which
 * equals the cross-entropy exactly but never overflows or takes the log of 0, however large
 * {@code |z|} grows. Accuracy counts rows with {@code (p >= 0.5) == y}, that is {@code z >= 0}.
 *
 * <p>{@code exp} and {@code log1p} are evaluated by polynomials made of operations C2 vectorizes
 * ({@link #expNeg}, {@link #log1pUnit}, within a few ulp of {@link StrictMath}), not by
 * {@link Math#exp} and {@link Math#log1p}, which are scalar calls (log1p a slow native one in JDK 17)
 * and cost far more than the rest of a row. Loss and gradient, for one parameter vector or several,
 * come from one blocked kernel (see {@code Kernel}).
 *
 * <p>All methods keep no state between calls (the kernel's scratch space is per thread), so they
 * may be called from several threads at once.
 */
public final class LogisticRegression implements Model {
    /** Rows per block of the kernel. */
    static final int BLOCK = 128;
    /** {@link #expNeg} takes its vectorizable route up to here (k ≤ 63), {@link Math#exp} beyond. */
    static final double FAST_EXP_MAX = 44.0;
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 split as in fdlibm: the high part has 32 significant bits, so k·LN2_HI is exact. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final ThreadLocal<Kernel> KERNEL = ThreadLocal.withInitial(Kernel::new);

    private final int features;
    private final boolean intercept;
    private final double l2;
    private final List<String> names;
    private final List<String> meanings;

    private LogisticRegression(List<String> featureNames, boolean intercept, double l2) {
        this.features = featureNames.size();
        this.intercept = intercept;
        this.l2 = l2;
        LinearNames ln = LinearNames.of(featureNames, intercept);
        this.names = ln.names();
        this.meanings = ln.meanings();
    }

    /**
     * A logistic model over the dataset's features, without a penalty.
     *
     * @throws dev.lrsweep.data.DataException if a target value is neither 0 nor 1
     */
    public static LogisticRegression of(Dataset data, boolean intercept) {
        return of(data, intercept, 0.0);
    }

    /**
     * A logistic model with an L2 penalty {@code l2·Σ a_j²} on the coefficients.
     *
     * @param intercept whether to fit an intercept {@code b}
     * @param l2        the penalty factor, {@code >= 0}
     * @throws dev.lrsweep.data.DataException if a target value is neither 0 nor 1; the message names
     *                                        the first such value and its 1-based data row
     * @throws IllegalArgumentException       if {@code l2} is negative or not finite
     */
    public static LogisticRegression of(Dataset data, boolean intercept, double l2) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        Targets.requireBinary(data, "logistic");
        return new LogisticRegression(data.featureNames(), intercept, l2);
    }

    /** Whether the model has an intercept. */
    public boolean hasIntercept() {
        return intercept;
    }

    /** The L2 penalty factor. */
    public double l2() {
        return l2;
    }

    @Override public int paramCount() { return features + (intercept ? 1 : 0); }

    @Override public List<String> paramNames() { return names; }

    @Override public List<String> paramMeanings() { return meanings; }

    @Override public double[] initialParams(SplittableRandom rng) { return new double[paramCount()]; }


    @Override public String name() { return "logistic"; }

    @Override public String lossName() { return "binary_crossentropy"; }

    @Override
    public double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] params, double[] grad) {
        Kernel k = KERNEL.get();
        k.one[0] = params;
        k.oneGrad[0] = grad;
        k.run(data, rows, from, to, k.one, k.oneGrad, k.oneLoss, 1, features, intercept, l2);
        k.one[0] = null;
        k.oneGrad[0] = null;
        return k.oneLoss[0];
    }

    @Override
    public double loss(Dataset data, int[] rows, int from, int to, double[] params) {
        Kernel k = KERNEL.get();
        k.one[0] = params;
        k.run(data, rows, from, to, k.one, null, k.oneLoss, 1, features, intercept, l2);
        k.one[0] = null;
        return k.oneLoss[0];
    }

    /**
     * Fraction of rows where {@code (p >= 0.5) == y}, that is {@code z >= 0} for {@code y = 1}; the
     * logit is the kernel's ({@code b + Σ_j x_j·a_j} in feature order with fused multiply-adds),
     * eight rows at a time so that the eight sums overlap.
     */
    @Override
    public double accuracy(Dataset data, double[] params) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        final int n = data.rows();
        int right = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            final int o = i * d;
            double z0 = b, z1 = b, z2 = b, z3 = b, z4 = b, z5 = b, z6 = b, z7 = b;
            for (int j = 0; j < d; j++) {
                final double a = params[j];
                z0 = Math.fma(x[o + j], a, z0);
                z1 = Math.fma(x[o + d + j], a, z1);
                z2 = Math.fma(x[o + 2 * d + j], a, z2);
                z3 = Math.fma(x[o + 3 * d + j], a, z3);
                z4 = Math.fma(x[o + 4 * d + j], a, z4);
                z5 = Math.fma(x[o + 5 * d + j], a, z5);
                z6 = Math.fma(x[o + 6 * d + j], a, z6);
                z7 = Math.fma(x[o + 7 * d + j], a, z7);
            }
            right += right(z0, y[i]) + right(z1, y[i + 1]) + right(z2, y[i + 2]) + right(z3, y[i + 3])
                    + right(z4, y[i + 4]) + right(z5, y[i + 5]) + right(z6, y[i + 6]) + right(z7, y[i + 7]);
        }
        for (; i < n; i++) {
            final int o = i * d;
            double z = b;
            for (int j = 0; j < d; j++) z = Math.fma(x[o + j], params[j], z);
            right += right(z, y[i]);
        }
        return (double) right / n;
    }

    @Override
    public double lastAccuracy(int t) {
        Kernel k = KERNEL.get();
        return t < k.lastCount && k.lastRows > 0 ? (double) k.right[t] / k.lastRows : Double.NaN;
    }

    /** 1 when the logit z predicts the 0/1 target y, else 0. */
    private static int right(double z, double y) {
        return (z >= 0) == (y == 1.0) ? 1 : 0;
    }

    /**
     * The same numbers as {@link #lossAndGradient} for each vector, bit for bit, from one read of
     * each row: both run the same blocked kernel, whose arithmetic for one vector does not depend on
     * the other vectors.
     */
    @Override
    public void lossAndGradientMany(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads,
                                    double[] losses, int count) {
        KERNEL.get().run(data, rows, from, to, params, grads, losses, count, features, intercept, l2);
    }

    @Override
    public boolean fusesTrials() {
        return true;
    }

    /**
     * Binary cross-entropy of logit z against a 0/1 target, without overflow or log(0): the kernel's
     * arithmetic for one row, {@code max(z,0) − z·y + log1p(exp(−|z|))}.
     */
    static double crossEntropy(double z, double y) {
        return Math.max(z, 0.0) - z * y + log1pUnit(expNeg(Math.abs(z)));
    }

    /**
     * σ(z) given {@code e = exp(−|z|)}, which never overflows: {@code 1/(1+e)} for {@code z ≥ 0},
     * {@code e/(1+e)} below. Written without a branch, as the kernel computes it (C2 vectorizes it):
     * {@code st} is 1 for {@code z > 0} and 0 for {@code z ≤ 0} (the two forms agree at 0), so the
     * numerator {@code st + (1 − st)·e} is exactly 1 or exactly e.
     */
    static double sigmoid(double z, double e) {
        double st = Math.min(Math.max(z * 0x1p1023 * 0x1p1023, 0.0), 1.0);
        return (st + (1.0 - st) * e) / (1.0 + e);
    }

    /** {@code 2^−k} exactly, for a whole k in [0, 64), from its bits (a form C2 vectorizes). */
    private static double pow2Neg(double k) {
        return Double.longBitsToDouble((1023L - (long) k) << 52);
    }

    /**
     * {@code exp(−a)} for {@code a ≥ 0} (or NaN), within about 1 ulp, by the kernel's arithmetic:
     * {@code a = k·ln2 − s} with {@code |s| ≤ ln2/2}, {@code exp(s)} by its Taylor series to degree
     * 13 (truncation below 5e-18 relative), times {@code 2^−k} made exactly as the exponent bits of
     * a double (k ≤ 63). Every step is an operation C2 vectorizes in JDK 17 (min, rint, fma, mul,
     * the conversion of k and the bit move),
     * unlike {@link Math#exp}. Beyond {@link #FAST_EXP_MAX} (and for NaN) it is {@link Math#exp}.
     */
    static double expNeg(double a) {
        double ac = Math.min(a, FAST_EXP_MAX);
        double k = Math.rint(ac * LOG2E);
        double s = Math.fma(k, LN2_HI, -ac);
        s = Math.fma(k, LN2_LO, s);
        double e = expFirst(s);
        e = expSecond(e, s);
        e *= pow2Neg(k);
        return a <= FAST_EXP_MAX ? e : Math.exp(-a);
    }

    /** The high-order half of the Horner scheme for exp(s). */
    private static double expFirst(double s) {
        double p = 1.0 / 6227020800.0;
        p = Math.fma(p, s, 1.0 / 479001600.0);
        p = Math.fma(p, s, 1.0 / 39916800.0);
        p = Math.fma(p, s, 1.0 / 3628800.0);
        p = Math.fma(p, s, 1.0 / 362880.0);
        p = Math.fma(p, s, 1.0 / 40320.0);
        return Math.fma(p, s, 1.0 / 5040.0);
    }

    /** The low-order half of the Horner scheme for exp(s), continuing from {@link #expFirst}. */
    private static double expSecond(double p, double s) {
        p = Math.fma(p, s, 1.0 / 720.0);
        p = Math.fma(p, s, 1.0 / 120.0);
        p = Math.fma(p, s, 1.0 / 24.0);
        p = Math.fma(p, s, 1.0 / 6.0);
        p = Math.fma(p, s, 0.5);
        p = Math.fma(p, s, 1.0);
        return Math.fma(p, s, 1.0);
    }

    /**
     * {@code log1p(e)} for e in [0, 1] (or NaN), within a few ulp, by the kernel's arithmetic:
     * {@code 2·atanh(s)} with {@code s = e/(2+e) ≤ 1/3}, the odd series to {@code s^35} (truncation
     * below 1e-18 relative). Only divisions and fmas, which C2 vectorizes, where {@link Math#log1p}
     * is a slow native call in JDK 17 and {@link Math#log} a scalar one. Tiny e (subnormal included)
     * gives e exactly.
     */
    static double log1pUnit(double e) {
        double s2 = (e + e) / (2.0 + e);
        double w = 0.25 * (s2 * s2);
        return Math.fma(s2, w * atanhSecond(atanhFirst(w), w), s2);
    }

    private static double atanhFirst(double w) {
        double p = 1.0 / 35;
        p = Math.fma(p, w, 1.0 / 33);
        p = Math.fma(p, w, 1.0 / 31);
        p = Math.fma(p, w, 1.0 / 29);
        p = Math.fma(p, w, 1.0 / 27);
        p = Math.fma(p, w, 1.0 / 25);
        p = Math.fma(p, w, 1.0 / 23);
        p = Math.fma(p, w, 1.0 / 21);
        return Math.fma(p, w, 1.0 / 19);
    }

    private static double atanhSecond(double p, double w) {
        p = Math.fma(p, w, 1.0 / 17);
        p = Math.fma(p, w, 1.0 / 15);
        p = Math.fma(p, w, 1.0 / 13);
        p = Math.fma(p, w, 1.0 / 11);
        p = Math.fma(p, w, 1.0 / 9);
        p = Math.fma(p, w, 1.0 / 7);
        p = Math.fma(p, w, 1.0 / 5);
        return Math.fma(p, w, 1.0 / 3);
    }

    /**
     * The loss and gradient of several vectors over a batch, a block of {@link #BLOCK} rows at a time.
     * Per block: the logits of every row and vector ({@code logits}, register-blocked four rows by
     * four vectors, each logit {@code b + Σ_j x_j·a_j} summed in feature order with fused
     * multiply-adds); then {@code exp(−|z|)}, {@code log1p}, the loss terms and the residuals
     * {@code σ(z) − y} for all of them in long elementwise loops, which C2 vectorizes; then the
     * gradient sums {@code Σ_i (σ(z_i) − y_i)·x_ij} ({@code gradient}, register-blocked four features
     * by four vectors, each sum kept in one accumulator over the rows in order). Every number a vector
     * gets is computed by the same operations in the same order whatever the other vectors are, so
     * a vector gets the same bits alone ({@link #lossAndGradient}) or with others
     * ({@link #lossAndGradientMany}), on any thread. One per thread; reused from call to call.
     */
    private static final class Kernel {
        final double[][] one = new double[1][];
        final double[][] oneGrad = new double[1][];
        final double[] oneLoss = new double[1];
        private double[] xb = new double[0];
        private final double[] yb = new double[BLOCK];
        private double[] wt = new double[0];
        private double[] bias = new double[0];
        private double[] lossSum = new double[0];
        private double[] biasSum = new double[0];
        private double[] g = new double[0];
        private double[] z = new double[0];
        private double[] kq = new double[0];
        private double[] s = new double[0];
        private double[] e = new double[0];
        private double[] w = new double[0];
        private double[] poly = new double[0];
        private double[] res = new double[0];
        private double[] lt = new double[0];
        private double[] yt = new double[0];
        /** Per vector, rows of the last call classified right; that call's vector and row counts. */
        int[] right = new int[0];
        int lastCount;
        int lastRows;

        private void ensure(int count, int d) {
            if (xb.length < BLOCK * d) xb = new double[BLOCK * d];
            if (wt.length < count * d) {
                wt = new double[count * d];
                g = new double[count * d];
            }
            if (bias.length < count) {
                right = new int[count];
                bias = new double[count];
                lossSum = new double[count];
                biasSum = new double[count];
            }
            int m = count * BLOCK;
            if (z.length < m) {
                z = new double[m];
                kq = new double[m];
                s = new double[m];
                e = new double[m];
                w = new double[m];
                poly = new double[m];
                res = new double[m];
                lt = new double[m];
                yt = new double[m];
            }
        }

        void run(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads, double[] losses,
                 int count, int d, boolean intercept, double l2) {
            final double[] x = data.xArray();
            final double[] y = data.yArray();
            final boolean wantGrad = grads != null;
            ensure(count, d);
            final double[] wt = this.wt;
            final double[] bias = this.bias;
            for (int t = 0; t < count; t++) {
                final double[] pt = params[t];
                for (int j = 0; j < d; j++) wt[j * count + t] = pt[j];
                bias[t] = intercept ? pt[d] : 0.0;
            }
            Arrays.fill(right, 0, count, 0);
            lastCount = count;
            lastRows = to - from;
            Arrays.fill(lossSum, 0, count, 0.0);
            Arrays.fill(biasSum, 0, count, 0.0);
            if (wantGrad) Arrays.fill(g, 0, count * d, 0.0);
            for (int k0 = from; k0 < to; k0 += BLOCK) block(x, y, rows, k0, Math.min(BLOCK, to - k0), count, d, wantGrad);
            final int n = to - from;
            final double scale = 1.0 / n;
            for (int t = 0; t < count; t++) {
                if (!wantGrad) {
                    losses[t] = lossSum[t] / n + L2.penalty(l2, params[t], null, 0, d);
                    continue;
                }
                final double[] gt = grads[t];
                for (int j = 0; j < d; j++) gt[j] = g[j * count + t] * scale;
                if (intercept) gt[d] = biasSum[t] * scale;
                losses[t] = lossSum[t] / n + L2.penalty(l2, params[t], gt, 0, d);
            }
        }

        /*
         * The work of a block sits in methods called once per block, and run() only loops over the
         * blocks: C2 then compiles block() (with the kernel's loops inlined) once, early, as a whole
         * method, and run() stays small. With the block's work inside run(), whose loop covers a
         * whole batch per call, C2 compiled run() three or four times over (on-stack replacements,
         * then the method), each time the whole kernel, for over a second of a core at the start.
         */

        /** One block of n rows from k0: logits, losses, residuals, sums and gradient sums of every vector. */
        private void block(double[] x, double[] y, int[] rows, int k0, int n, int count, int d, boolean wantGrad) {
            final double[] xs;
            final int xo;
            if (rows == null) {
                xs = x;
                xo = k0 * d;
                System.arraycopy(y, k0, yb, 0, n);
            } else {
                xs = xb;
                xo = 0;
                gatherRows(x, y, rows, k0, n, d);
            }
            final int m = n * count;
            logits(xs, xo, n, d, count, wt, bias, z);
            broadcastTargets(n, count);
            // e = exp(−|z|) as expNeg computes it, then log1p(e) as log1pUnit computes it, into
            // poly. One short loop per method: C2 vectorizes loops with small bodies only.
            expReduce(z, kq, s, m);
            expLow(kq, s, m);
            expPoly1(s, e, m);
            expPoly2(s, e, m);
            expScale(kq, e, m);
            expFallback(z, e, m);
            log1pReduce(e, s, w, m);
            log1pPoly1(w, poly, m);
            log1pPoly2(w, poly, m);
            log1pFinish(s, w, poly, m);
            lossTerms(z, poly, yt, lt, m);
            residuals(z, e, yt, res, m);
            sums(n, count);
            if (wantGrad) gradient(xs, xo, n, d, count, res, g);
        }

        /** The block's rows {@code rows[k0..k0+n)} into {@link #xb} and their targets into {@link #yb}. */
        private void gatherRows(double[] x, double[] y, int[] rows, int k0, int n, int d) {
            for (int r = 0; r < n; r++) {
                final int i = rows[k0 + r];
                System.arraycopy(x, i * d, xb, r * d, d);
                yb[r] = y[i];
            }
        }

        /** Each row's target, once per vector, beside its logits ({@code yt[r·count + t]}). */
        private void broadcastTargets(int n, int count) {
            for (int r = 0; r < n; r++) Arrays.fill(yt, r * count, (r + 1) * count, yb[r]);
        }

        /** Adds the block's loss terms, residuals and right predictions to each vector's sums, row by row. */
        private void sums(int n, int count) {
            final double[] lossSum = this.lossSum;
            final double[] biasSum = this.biasSum;
            final double[] lt = this.lt;
            final double[] res = this.res;
            final double[] z = this.z;
            final int[] right = this.right;
            for (int r = 0; r < n; r++) {
                final int o = r * count;
                // (z >= 0 ? 1 : 0) ^ negative is 1 exactly when the prediction is right
                final int negative = yb[r] == 1.0 ? 0 : 1;
                for (int t = 0; t < count; t++) {
                    lossSum[t] += lt[o + t];
                    biasSum[t] += res[o + t];
                    // no branch: where a trial predicts no better than chance, a mispredicted
                    // branch per row and vector cost ~9 of the kernel's ~40 ns (measured warm on
                    // random labels); where predictions are mostly right (W2b), it costs nothing
                    right[t] += (z[o + t] >= 0 ? 1 : 0) ^ negative;
                }
            }
        }

        /**
         * {@code z[r·count + t] = b_t + Σ_j x[r][j]·a_t[j]} for the block's n rows (row r at
         * {@code xs[xo + r·d]}), the sum taken in feature order with fused multiply-adds, four rows by
         * four vectors at a time in registers.
         */
        private static void logits(double[] xs, int xo, int n, int d, int count, double[] wt, double[] bias,
                                   double[] z) {
            int r = 0;
            for (; r + 4 <= n; r += 4) {
                final int x0 = xo + r * d;
                final int x1 = x0 + d;
                final int x2 = x1 + d;
                final int x3 = x2 + d;
                int t = 0;
                for (; t + 4 <= count; t += 4) {
                    final double b0 = bias[t];
                    final double b1 = bias[t + 1];
                    final double b2 = bias[t + 2];
                    final double b3 = bias[t + 3];
                    double z00 = b0, z01 = b1, z02 = b2, z03 = b3;
                    double z10 = b0, z11 = b1, z12 = b2, z13 = b3;
                    double z20 = b0, z21 = b1, z22 = b2, z23 = b3;
                    double z30 = b0, z31 = b1, z32 = b2, z33 = b3;
                    for (int j = 0; j < d; j++) {
                        final int wo = j * count + t;
                        final double w0 = wt[wo];
                        final double w1 = wt[wo + 1];
                        final double w2 = wt[wo + 2];
                        final double w3 = wt[wo + 3];
                        final double a0 = xs[x0 + j];
                        final double a1 = xs[x1 + j];
                        final double a2 = xs[x2 + j];
                        final double a3 = xs[x3 + j];
                        z00 = Math.fma(a0, w0, z00);
                        z01 = Math.fma(a0, w1, z01);
                        z02 = Math.fma(a0, w2, z02);
                        z03 = Math.fma(a0, w3, z03);
                        z10 = Math.fma(a1, w0, z10);
                        z11 = Math.fma(a1, w1, z11);
                        z12 = Math.fma(a1, w2, z12);
                        z13 = Math.fma(a1, w3, z13);
                        z20 = Math.fma(a2, w0, z20);
                        z21 = Math.fma(a2, w1, z21);
                        z22 = Math.fma(a2, w2, z22);
                        z23 = Math.fma(a2, w3, z23);
                        z30 = Math.fma(a3, w0, z30);
                        z31 = Math.fma(a3, w1, z31);
                        z32 = Math.fma(a3, w2, z32);
                        z33 = Math.fma(a3, w3, z33);
                    }
                    int o = r * count + t;
                    z[o] = z00;
                    z[o + 1] = z01;
                    z[o + 2] = z02;
                    z[o + 3] = z03;
                    o += count;
                    z[o] = z10;
                    z[o + 1] = z11;
                    z[o + 2] = z12;
                    z[o + 3] = z13;
                    o += count;
                    z[o] = z20;
                    z[o + 1] = z21;
                    z[o + 2] = z22;
                    z[o + 3] = z23;
                    o += count;
                    z[o] = z30;
                    z[o + 1] = z31;
                    z[o + 2] = z32;
                    z[o + 3] = z33;
                }
                for (; t < count; t++) {
                    final double b = bias[t];
                    double z0 = b, z1 = b, z2 = b, z3 = b;
                    for (int j = 0; j < d; j++) {
                        final double wj = wt[j * count + t];
                        z0 = Math.fma(xs[x0 + j], wj, z0);
                        z1 = Math.fma(xs[x1 + j], wj, z1);
                        z2 = Math.fma(xs[x2 + j], wj, z2);
                        z3 = Math.fma(xs[x3 + j], wj, z3);
                    }
                    final int o = r * count + t;
                    z[o] = z0;
                    z[o + count] = z1;
                    z[o + 2 * count] = z2;
                    z[o + 3 * count] = z3;
                }
            }
            for (; r < n; r++) {
                final int xr = xo + r * d;
                for (int t = 0; t < count; t++) {
                    double zz = bias[t];
                    for (int j = 0; j < d; j++) zz = Math.fma(xs[xr + j], wt[j * count + t], zz);
                    z[r * count + t] = zz;
                }
            }
        }

        /**
         * {@code g[j·count + t] += Σ_r res[r·count + t]·x[r][j]} over the block's rows, each sum in one
         * accumulator over the rows in order (fused multiply-adds), four features by four vectors at a
         * time in registers.
         */
        private static void gradient(double[] xs, int xo, int n, int d, int count, double[] res, double[] g) {
            int j = 0;
            for (; j + 4 <= d; j += 4) {
                int t = 0;
                for (; t + 4 <= count; t += 4) {
                    final int g0 = j * count + t;
                    final int g1 = g0 + count;
                    final int g2 = g1 + count;
                    final int g3 = g2 + count;
                    double s00 = g[g0], s01 = g[g0 + 1], s02 = g[g0 + 2], s03 = g[g0 + 3];
                    double s10 = g[g1], s11 = g[g1 + 1], s12 = g[g1 + 2], s13 = g[g1 + 3];
                    double s20 = g[g2], s21 = g[g2 + 1], s22 = g[g2 + 2], s23 = g[g2 + 3];
                    double s30 = g[g3], s31 = g[g3 + 1], s32 = g[g3 + 2], s33 = g[g3 + 3];
                    for (int r = 0; r < n; r++) {
                        final int xr = xo + r * d + j;
                        final int rr = r * count + t;
                        final double a0 = xs[xr];
                        final double a1 = xs[xr + 1];
                        final double a2 = xs[xr + 2];
                        final double a3 = xs[xr + 3];
                        final double q0 = res[rr];
                        final double q1 = res[rr + 1];
                        final double q2 = res[rr + 2];
                        final double q3 = res[rr + 3];
                        s00 = Math.fma(q0, a0, s00);
                        s01 = Math.fma(q1, a0, s01);
                        s02 = Math.fma(q2, a0, s02);
                        s03 = Math.fma(q3, a0, s03);
                        s10 = Math.fma(q0, a1, s10);
                        s11 = Math.fma(q1, a1, s11);
                        s12 = Math.fma(q2, a1, s12);
                        s13 = Math.fma(q3, a1, s13);
                        s20 = Math.fma(q0, a2, s20);
                        s21 = Math.fma(q1, a2, s21);
                        s22 = Math.fma(q2, a2, s22);
                        s23 = Math.fma(q3, a2, s23);
                        s30 = Math.fma(q0, a3, s30);
                        s31 = Math.fma(q1, a3, s31);
                        s32 = Math.fma(q2, a3, s32);
                        s33 = Math.fma(q3, a3, s33);
                    }
                    g[g0] = s00;
                    g[g0 + 1] = s01;
                    g[g0 + 2] = s02;
                    g[g0 + 3] = s03;
                    g[g1] = s10;
                    g[g1 + 1] = s11;
                    g[g1 + 2] = s12;
                    g[g1 + 3] = s13;
                    g[g2] = s20;
                    g[g2 + 1] = s21;
                    g[g2 + 2] = s22;
                    g[g2 + 3] = s23;
                    g[g3] = s30;
                    g[g3 + 1] = s31;
                    g[g3 + 2] = s32;
                    g[g3 + 3] = s33;
                }
                for (; t < count; t++) {
                    final int g0 = j * count + t;
                    double s0 = g[g0], s1 = g[g0 + count], s2 = g[g0 + 2 * count], s3 = g[g0 + 3 * count];
                    for (int r = 0; r < n; r++) {
                        final int xr = xo + r * d + j;
                        final double q = res[r * count + t];
                        s0 = Math.fma(q, xs[xr], s0);
                        s1 = Math.fma(q, xs[xr + 1], s1);
                        s2 = Math.fma(q, xs[xr + 2], s2);
                        s3 = Math.fma(q, xs[xr + 3], s3);
                    }
                    g[g0] = s0;
                    g[g0 + count] = s1;
                    g[g0 + 2 * count] = s2;
                    g[g0 + 3 * count] = s3;
                }
            }
            for (; j < d; j++) {
                for (int t = 0; t < count; t++) {
                    double s0 = g[j * count + t];
                    for (int r = 0; r < n; r++) s0 = Math.fma(res[r * count + t], xs[xo + r * d + j], s0);
                    g[j * count + t] = s0;
                }
            }
        }

        /** Loss terms {@code max(z,0) − z·y + log1p(e)}, with log1p(e) in poly. */
        private static void lossTerms(double[] z, double[] poly, double[] yt, double[] lt, int m) {
            for (int q = 0; q < m; q++) lt[q] = Math.max(z[q], 0.0) - z[q] * yt[q] + poly[q];
        }

        /** Residuals σ(z) − y, σ as {@link LogisticRegression#sigmoid} computes it from e = exp(−|z|). */
        private static void residuals(double[] z, double[] e, double[] yt, double[] res, int m) {
            for (int q = 0; q < m; q++) {
                final double st = Math.min(Math.max(z[q] * 0x1p1023 * 0x1p1023, 0.0), 1.0);
                res[q] = (st + (1.0 - st) * e[q]) / (1.0 + e[q]) - yt[q];
            }
        }

        private static void expReduce(double[] z, double[] kq, double[] s, int m) {
            for (int q = 0; q < m; q++) {
                final double ac = Math.min(Math.abs(z[q]), FAST_EXP_MAX);
                final double k = Math.rint(ac * LOG2E);
                kq[q] = k;
                s[q] = Math.fma(k, LN2_HI, -ac);
            }
        }

        private static void expLow(double[] kq, double[] s, int m) {
            for (int q = 0; q < m; q++) s[q] = Math.fma(kq[q], LN2_LO, s[q]);
        }

        private static void expPoly1(double[] s, double[] e, int m) {
            for (int q = 0; q < m; q++) e[q] = expFirst(s[q]);
        }

        private static void expPoly2(double[] s, double[] e, int m) {
            for (int q = 0; q < m; q++) e[q] = expSecond(e[q], s[q]);
        }

        private static void expScale(double[] kq, double[] e, int m) {
            for (int q = 0; q < m; q++) e[q] *= pow2Neg(kq[q]);
        }

        /**
         * {@link Math#exp} where |z| is beyond the polynomial's range. Such logits are rare, so a
         * first loop only looks for one: the sign bits of {@code FAST_EXP_MAX − |z|} OR-ed together
         * (a loop with a call in it is far slower, even when the call never happens). A NaN logit
         * needs nothing: the polynomial route already gives NaN.
         */
        private static void expFallback(double[] z, double[] e, int m) {
            long beyond = 0L;
            for (int q = 0; q < m; q++) beyond |= Double.doubleToRawLongBits(FAST_EXP_MAX - Math.abs(z[q]));
            if (beyond >= 0) return;
            for (int q = 0; q < m; q++) {
                final double a = Math.abs(z[q]);
                if (!(a <= FAST_EXP_MAX)) e[q] = Math.exp(-a);
            }
        }

        private static void log1pReduce(double[] e, double[] s, double[] w, int m) {
            for (int q = 0; q < m; q++) {
                final double eq = e[q];
                final double s2 = (eq + eq) / (2.0 + eq);
                s[q] = s2;
                w[q] = 0.25 * (s2 * s2);
            }
        }

        private static void log1pPoly1(double[] w, double[] poly, int m) {
            for (int q = 0; q < m; q++) poly[q] = atanhFirst(w[q]);
        }

        private static void log1pPoly2(double[] w, double[] poly, int m) {
            for (int q = 0; q < m; q++) poly[q] = atanhSecond(poly[q], w[q]);
        }

        private static void log1pFinish(double[] s, double[] w, double[] poly, int m) {
            for (int q = 0; q < m; q++) poly[q] = Math.fma(s[q], w[q] * poly[q], s[q]);
        }
    }
}
