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
 * come from one blocked kernel that keeps 64 partial sums per quantity (see {@code Kernel}).
 *
 * <p>All methods keep no state between calls (the kernel's scratch space is per thread), so they
 * may be called from several threads at once.
 */
public final class LogisticRegression implements Model {
    /** Rows per block of the kernel, and how many partial sums each vector keeps per quantity. */
    static final int LANES = 64;
    /** {@link #expNeg} takes its vectorizable route up to here (k ≤ 63), {@link Math#exp} beyond. */
    static final double FAST_EXP_MAX = 44.0;
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 split as in fdlibm: the high part has 32 significant bits, so k·LN2_HI is exact. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 2^−1, 2^−2, 2^−4, ..., 2^−32: the factor for each bit of k. */
    private static final double[] POW2 = {0x1p-1, 0x1p-2, 0x1p-4, 0x1p-8, 0x1p-16, 0x1p-32};
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

    /** Fraction of rows where {@code (p >= 0.5) == y}. */
    @Override
    public double accuracy(Dataset data, double[] params) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        int right = 0;
        for (int i = 0; i < data.rows(); i++) {
            int off = i * d;
            double z = b;
            for (int j = 0; j < d; j++) z += params[j] * x[off + j];
            if ((z >= 0) == (y[i] == 1.0)) right++;
        }
        return (double) right / data.rows();
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

    /**
     * {@code exp(−a)} for {@code a ≥ 0} (or NaN), within about 1 ulp, by the kernel's arithmetic:
     * {@code a = k·ln2 − s} with {@code |s| ≤ ln2/2}, {@code exp(s)} by its Taylor series to degree
     * 13 (truncation below 5e-18 relative), times {@code 2^−k} built exactly from the bits of k
     * (k ≤ 63). Every step is an operation C2 vectorizes in JDK 17 (min, rint, floor, fma, mul),
     * unlike {@link Math#exp}. Beyond {@link #FAST_EXP_MAX} (and for NaN) it is {@link Math#exp}.
     */
    static double expNeg(double a) {
        double ac = Math.min(a, FAST_EXP_MAX);
        double k = Math.rint(ac * LOG2E);
        double s = Math.fma(k, LN2_HI, -ac);
        s = Math.fma(k, LN2_LO, s);
        double e = expFirst(s);
        e = expSecond(e, s);
        double q = k;
        for (double c : POW2) {
            double h = Math.floor(q * 0.5);
            double bit = Math.fma(-2.0, h, q);
            q = h;
            e *= Math.fma(bit, c, 1.0 - bit);
        }
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
     * The loss and gradient of several vectors over a batch, in blocks of {@link #LANES} rows. Each
     * block is copied transposed (feature-major), so that every loop runs over the block's rows for
     * one vector: long, contiguous, and vectorized by C2. Sums over rows (loss, gradient, intercept
     * gradient) are kept as {@link #LANES} partial sums per vector and quantity — row k of the batch
     * goes to partial sum {@code (k − from) mod LANES} — added up in lane order at the end. Nothing in
     * a vector's arithmetic depends on the other vectors, so a vector gets the same bits whether it
     * comes alone ({@link #lossAndGradient}) or with others ({@link #lossAndGradientMany}). The
     * elementwise steps are split into short loops because C2 only vectorizes loops whose body it
     * unrolls, which it does for small bodies only. One per thread; reused from call to call.
     */
    private static final class Kernel {
        final double[][] one = new double[1][];
        final double[][] oneGrad = new double[1][];
        final double[] oneLoss = new double[1];
        private final double[] yb = new double[LANES];
        private double[][] xt = new double[0][];
        private double[] ybt = new double[0];
        private final double[] zt = new double[LANES];
        private final double[] rt = new double[LANES];
        private double[] p = new double[0];
        private double[] b = new double[0];
        private double[] z = new double[0];
        private double[] kq = new double[0];
        private double[] s = new double[0];
        private double[] e = new double[0];
        private double[] w = new double[0];
        private double[] poly = new double[0];
        private double[] res = new double[0];
        private double[] lossLanes = new double[0];
        private double[] biasLanes = new double[0];
        private double[][] gradLanes = new double[0][];

        private void ensure(int count, int d) {
            if (xt.length < d) xt = new double[d][LANES];
            if (p.length < count * d) p = new double[count * d];
            if (b.length < count) b = new double[count];
            int m = count * LANES;
            if (z.length < m) {
                z = new double[m];
                kq = new double[m];
                s = new double[m];
                e = new double[m];
                w = new double[m];
                poly = new double[m];
                res = new double[m];
                ybt = new double[m];
                lossLanes = new double[m];
                biasLanes = new double[m];
            }
            if (gradLanes.length < count * d) gradLanes = new double[count * d][LANES];
        }

        void run(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads, double[] losses,
                 int count, int d, boolean intercept, double l2) {
            final double[] x = data.xArray();
            final double[] y = data.yArray();
            final boolean wantGrad = grads != null;
            ensure(count, d);
            final double[][] xt = this.xt;
            final double[] ybt = this.ybt;
            final double[] zt = this.zt;
            final double[] rt = this.rt;
            final double[] yb = this.yb;
            final double[] p = this.p;
            final double[] z = this.z;
            final double[] kq = this.kq;
            final double[] s = this.s;
            final double[] e = this.e;
            final double[] w = this.w;
            final double[] poly = this.poly;
            final double[] res = this.res;
            final double[] lossLanes = this.lossLanes;
            final double[] biasLanes = this.biasLanes;
            final double[][] gradLanes = this.gradLanes;
            final int m = count * LANES;
            for (int t = 0; t < count; t++) {
                System.arraycopy(params[t], 0, p, t * d, d);
                b[t] = intercept ? params[t][d] : 0.0;
            }
            Arrays.fill(lossLanes, 0, m, 0.0);
            Arrays.fill(biasLanes, 0, m, 0.0);
            if (wantGrad) for (int q = 0; q < count * d; q++) Arrays.fill(gradLanes[q], 0.0);
            for (int k0 = from; k0 < to; k0 += LANES) {
                final int n = Math.min(LANES, to - k0);
                for (int r = 0; r < n; r++) {
                    final int i = rows == null ? k0 + r : rows[k0 + r];
                    final int off = i * d;
                    yb[r] = y[i];
                    for (int j = 0; j < d; j++) xt[j][r] = x[off + j];
                }
                // logits: z = b, then z += a_j·x_j for j in order (the single-row arithmetic)
                for (int t = 0; t < count; t++) {
                    logits(zt, xt, p, b[t], t * d, d, n);
                    System.arraycopy(zt, 0, z, t * LANES, n);
                }
                // e = exp(−|z|) as expNeg computes it, then log1p(e) as log1pUnit computes it, into poly;
                // lanes past n hold stale but harmless values. One short loop per method: C2
                // vectorizes loops with small bodies only, and compiles small methods better.
                expReduce(z, kq, s, m);
                expLow(kq, s, m);
                expPoly1(s, e, m);
                expPoly2(s, e, m);
                for (double c : POW2) expBit(kq, e, c, m);
                expFallback(z, e, m);
                log1pReduce(e, s, w, m);
                log1pPoly1(w, poly, m);
                log1pPoly2(w, poly, m);
                log1pFinish(s, w, poly, m);
                // per row: loss max(z,0) − z·y + log1p(e) and residual σ(z) − y, into the lane sums
                if (n == LANES) {
                    for (int t = 0; t < count; t++) System.arraycopy(yb, 0, ybt, t * LANES, LANES);
                    lossAndResidual(z, e, poly, ybt, res, lossLanes, biasLanes, m);
                } else {
                    for (int t = 0; t < count; t++) {
                        System.arraycopy(yb, 0, ybt, t * LANES, n);
                        for (int r = 0; r < n; r++) lossAndResidualAt(z, e, poly, ybt, res, lossLanes, biasLanes, t * LANES + r);
                    }
                }
                if (!wantGrad) continue;
                for (int t = 0; t < count; t++) {
                    System.arraycopy(res, t * LANES, rt, 0, n);
                    for (int j = 0; j < d; j++) gradient(gradLanes[t * d + j], rt, xt[j], n);
                }
            }
            final int n = to - from;
            final double scale = 1.0 / n;
            for (int t = 0; t < count; t++) {
                final int zo = t * LANES;
                double sum = 0.0;
                for (int r = 0; r < LANES; r++) sum += lossLanes[zo + r];
                if (!wantGrad) {
                    losses[t] = sum / n + L2.penalty(l2, params[t], null, 0, d);
                    continue;
                }
                final double[] gt = grads[t];
                for (int j = 0; j < d; j++) {
                    final double[] lanes = gradLanes[t * d + j];
                    double g = 0.0;
                    for (int r = 0; r < LANES; r++) g += lanes[r];
                    gt[j] = g * scale;
                }
                if (intercept) {
                    double gb = 0.0;
                    for (int r = 0; r < LANES; r++) gb += biasLanes[zo + r];
                    gt[d] = gb * scale;
                }
                losses[t] = sum / n + L2.penalty(l2, params[t], gt, 0, d);
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

        private static void expBit(double[] kq, double[] e, double c, int m) {
            for (int q = 0; q < m; q++) {
                final double h = Math.floor(kq[q] * 0.5);
                final double bit = Math.fma(-2.0, h, kq[q]);
                kq[q] = h;
                e[q] *= Math.fma(bit, c, 1.0 - bit);
            }
        }

        private static void expFallback(double[] z, double[] e, int m) {
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

        private static void logits(double[] zt, double[][] xt, double[] p, double bt, int po, int d, int n) {
            for (int r = 0; r < n; r++) zt[r] = bt;
            for (int j = 0; j < d; j++) {
                final double pj = p[po + j];
                final double[] xj = xt[j];
                for (int r = 0; r < n; r++) zt[r] += pj * xj[r];
            }
        }

        /** Loss into the lane sums, residual σ(z) − y, intercept gradient: over q in [0, m). */
        private static void lossAndResidual(double[] z, double[] e, double[] poly, double[] ybt, double[] res,
                                            double[] lossLanes, double[] biasLanes, int m) {
            for (int q = 0; q < m; q++) lossLanes[q] += Math.max(z[q], 0.0) - z[q] * ybt[q] + poly[q];
            for (int q = 0; q < m; q++) {
                final double st = Math.min(Math.max(z[q] * 0x1p1023 * 0x1p1023, 0.0), 1.0);
                res[q] = (st + (1.0 - st) * e[q]) / (1.0 + e[q]) - ybt[q];
            }
            for (int q = 0; q < m; q++) biasLanes[q] += res[q];
        }

        /** The same arithmetic as {@link #lossAndResidual} for element q only (a block's last rows). */
        private static void lossAndResidualAt(double[] z, double[] e, double[] poly, double[] ybt, double[] res,
                                              double[] lossLanes, double[] biasLanes, int q) {
            lossLanes[q] += Math.max(z[q], 0.0) - z[q] * ybt[q] + poly[q];
            final double st = Math.min(Math.max(z[q] * 0x1p1023 * 0x1p1023, 0.0), 1.0);
            res[q] = (st + (1.0 - st) * e[q]) / (1.0 + e[q]) - ybt[q];
            biasLanes[q] += res[q];
        }

        private static void gradient(double[] lanes, double[] rt, double[] xj, int n) {
            for (int r = 0; r < n; r++) lanes[r] += rt[r] * xj[r];
        }
    }
}
