package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.Arrays;

/**
 * The sufficient statistics of least squares over a whole dataset: {@code G = X̃ᵀX̃},
 * {@code c = X̃ᵀy} and {@code yᵀy}, with {@code x̃ = (x, 1)} when there is an intercept. With them
 * the mean squared error and its gradient at any θ cost O(p²) instead of a pass over the rows (see
 * {@link GramLinear}). Computed once per dataset and shared read-only by every trial: immutable
 * and thread-safe once built.
 *
 * <p>The sums are taken in a fixed order that depends only on the row count: rows go in blocks of
 * {@value #BLOCK}, each summed on its own and then added to one of at most {@value #PARTS}
 * contiguous parts, and the parts are added in order at the end; within a block, chunks of 64
 * rows are transposed and each entry summed over the chunk before joining the block's total. The
 * threads only decide which part is computed where, so the bits never depend on how many there
 * were; the nested sums also keep the rounding error far below the {@code n·ε} of one long sum.
 */
public final class Gram {
    /** Rows summed on their own before joining a part's total. */
    static final int BLOCK = 4096;
    /** Most contiguous parts the rows are split into (and so most threads used). */
    static final int PARTS = 8;

    private final Dataset data;
    private final boolean intercept;
    private final int size;
    private final double[] matrix;
    private final double[] xty;
    private final double yty;

    private Gram(Dataset data, boolean intercept, int size, double[] matrix, double[] xty, double yty) {
        this.data = data;
        this.intercept = intercept;
        this.size = size;
        this.matrix = matrix;
        this.xty = xty;
        this.yty = yty;
    }

    /**
     * Computes the statistics in one pass over the rows.
     *
     * @param intercept whether x̃ ends with a constant 1
     * @param threads   threads to use (1 runs on the calling thread); the result is the same for any
     *                  count
     */
    public static Gram of(Dataset data, boolean intercept, int threads) {
        int d = data.features();
        int p = d + (intercept ? 1 : 0);
        int n = data.rows();
        int blocks = (n + BLOCK - 1) / BLOCK;
        int parts = Math.max(1, Math.min(PARTS, blocks));
        double[][] partial = new double[parts][];
        int workers = Math.max(1, Math.min(threads, parts));
        if (workers == 1) {
            for (int part = 0; part < parts; part++) partial[part] = part(data, intercept, p, blocks, parts, part);
        } else {
            Thread[] pool = new Thread[workers - 1];
            for (int w = 1; w < workers; w++) {
                final int first = w;
                pool[w - 1] = new Thread(() -> {
                    for (int part = first; part < parts; part += workers) {
                        partial[part] = part(data, intercept, p, blocks, parts, part);
                    }
                }, "lrsweep-gram");
                pool[w - 1].setDaemon(true);
                pool[w - 1].start();
            }
            for (int part = 0; part < parts; part += workers) {
                partial[part] = part(data, intercept, p, blocks, parts, part);
            }
            joinAll(pool);
        }
        double[] total = partial[0].clone();
        for (int part = 1; part < parts; part++) {
            double[] s = partial[part];
            for (int i = 0; i < total.length; i++) total[i] += s[i];
        }
        int z = p + 1;
        double[] matrix = new double[p * p];
        double[] xty = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                matrix[a * p + b] = total[a * z + b];
                matrix[b * p + a] = total[a * z + b];
            }
            xty[a] = total[a * z + p];
        }
        return new Gram(data, intercept, p, matrix, xty, total[p * z + p]);
    }

    /** Joins every thread, waiting on through interrupts (the work is short and must finish). */
    private static void joinAll(Thread[] pool) {
        boolean interrupted = false;
        for (Thread t : pool) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Sums of one contiguous part of the blocks, as the upper triangle of {@code ZᵀZ} (row-major,
     * {@code (p+1)²}) for the augmented rows {@code z = (x̃, y)}: G, then c in column p, then yᵀy.
     */
    private static double[] part(Dataset data, boolean intercept, int p, int blocks, int parts, int part) {
        int n = data.rows();
        int z = p + 1;
        int firstBlock = (int) ((long) blocks * part / parts);
        int endBlock = (int) ((long) blocks * (part + 1) / parts);
        double[] sum = new double[z * z];
        double[] block = new double[z * z];
        // z columns of CHUNK rows each, plus three zero columns so that tiles of four never run off
        double[] columns = new double[(z + 3) * CHUNK];
        for (int bi = firstBlock; bi < endBlock; bi++) {
            Arrays.fill(block, 0.0);
            int end = Math.min(n, (bi + 1) * BLOCK);
            for (int s = bi * BLOCK; s < end; s += CHUNK) {
                chunk(data, intercept, s, Math.min(CHUNK, end - s), z, columns, block);
            }
            for (int k = 0; k < block.length; k++) sum[k] += block[k];
        }
        return sum;
    }

    /** Rows summed per pass over a transposed chunk. */
    private static final int CHUNK = 64;

    /**
     * Adds the upper triangle of {@code ZᵀZ} over rows {@code [s, s+m)} to {@code acc}: the chunk is
     * transposed into columns, then the triangle is covered by tiles of four columns by four, each
     * tile's sixteen dot products kept in registers over the chunk's rows (fused multiply-adds), so
     * that eight loads serve sixteen products. Each entry is one sum over the rows in order, whatever
     * tile it falls in.
     */
    private static void chunk(Dataset data, boolean intercept, int s, int m, int z, double[] columns, double[] acc) {
        final int d = data.features();
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final int c = CHUNK;
        if (m < c) Arrays.fill(columns, 0.0);
        for (int r = 0; r < m; r++) transposeRow(x, y, s + r, r, d, z, intercept, columns);
        for (int a = 0; a < z; a += 4) {
            for (int b = a; b < z; b += 4) tile(columns, a, b, z, acc);
        }
    }

    /*
     * The work is split into small methods on purpose: each is called thousands of times with short
     * loops, so the JIT compiles each once, as a whole method, early in the pass. One method holding
     * all the loops was compiled three or four times over (on-stack replacements at its loops, then
     * the whole method), which on two cores took CPU from the pass itself.
     */

    /** Row i of the data into column position r of the chunk. */
    private static void transposeRow(double[] x, double[] y, int i, int r, int d, int z, boolean intercept,
                                     double[] columns) {
        final int c = CHUNK;
        final int off = i * d;
        for (int j = 0; j < d; j++) columns[j * c + r] = x[off + j];
        if (intercept) columns[d * c + r] = 1.0;
        columns[(z - 1) * c + r] = y[i];
    }

    /** The 4×4 tile of columns (a..a+3) × (b..b+3) over the chunk's rows, added to the triangle. */
    private static void tile(double[] columns, int a, int b, int z, double[] acc) {
        final int c = CHUNK;
        final int a0 = a * c;
        final int a1 = a0 + c;
        final int a2 = a1 + c;
        final int a3 = a2 + c;
        final int b0 = b * c;
        final int b1 = b0 + c;
        final int b2 = b1 + c;
        final int b3 = b2 + c;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int r = 0; r < c; r++) {
            final double u0 = columns[a0 + r];
            final double u1 = columns[a1 + r];
            final double u2 = columns[a2 + r];
            final double u3 = columns[a3 + r];
            final double v0 = columns[b0 + r];
            final double v1 = columns[b1 + r];
            final double v2 = columns[b2 + r];
            final double v3 = columns[b3 + r];
            s00 = Math.fma(u0, v0, s00);
            s01 = Math.fma(u0, v1, s01);
            s02 = Math.fma(u0, v2, s02);
            s03 = Math.fma(u0, v3, s03);
            s10 = Math.fma(u1, v0, s10);
            s11 = Math.fma(u1, v1, s11);
            s12 = Math.fma(u1, v2, s12);
            s13 = Math.fma(u1, v3, s13);
            s20 = Math.fma(u2, v0, s20);
            s21 = Math.fma(u2, v1, s21);
            s22 = Math.fma(u2, v2, s22);
            s23 = Math.fma(u2, v3, s23);
            s30 = Math.fma(u3, v0, s30);
            s31 = Math.fma(u3, v1, s31);
            s32 = Math.fma(u3, v2, s32);
            s33 = Math.fma(u3, v3, s33);
        }
        add(acc, z, a, b, s00, s01, s02, s03);
        add(acc, z, a + 1, b, s10, s11, s12, s13);
        add(acc, z, a + 2, b, s20, s21, s22, s23);
        add(acc, z, a + 3, b, s30, s31, s32, s33);
    }

    /** Adds a tile row's four sums to row {@code a} of the triangle from column b, where they fall in it. */
    private static void add(double[] acc, int z, int a, int b, double s0, double s1, double s2, double s3) {
        if (a >= z) return;
        final int at = a * z;
        if (b >= a) acc[at + b] += s0;
        if (b + 1 >= a && b + 1 < z) acc[at + b + 1] += s1;
        if (b + 2 >= a && b + 2 < z) acc[at + b + 2] += s2;
        if (b + 3 >= a && b + 3 < z) acc[at + b + 3] += s3;
    }

    /** Whether every sum is finite (they overflow when feature or target values reach about 1e154). */
    public boolean finite() {
        double s = yty;
        for (double v : matrix) s += v - v;
        for (double v : xty) s += v - v;
        return Double.isFinite(s);
    }

    /** The dataset the statistics were computed from. */
    public Dataset data() {
        return data;
    }

    /** Whether x̃ ends with the intercept's constant 1. */
    public boolean intercept() {
        return intercept;
    }

    /** The parameter count p: features, plus one with an intercept. */
    public int size() {
        return size;
    }

    /** Number of rows summed over. */
    public int rows() {
        return data.rows();
    }

    /** Entry (a, b) of {@code X̃ᵀX̃}. */
    public double g(int a, int b) {
        return matrix[a * size + b];
    }

    /** Entry a of {@code X̃ᵀy}. */
    public double c(int a) {
        return xty[a];
    }

    /** {@code yᵀy}. */
    public double yy() {
        return yty;
    }

    /**
     * {@code G·θ} into {@code out}, and returns {@code θᵀGθ}, {@code θᵀc} in {@code terms[0..1]}.
     * Package-private: the hot path of {@link GramLinear}, reading the arrays directly.
     */
    void apply(double[] theta, double[] out, double[] terms) {
        final int p = size;
        double q = 0.0;
        double tc = 0.0;
        for (int a = 0; a < p; a++) {
            int at = a * p;
            double s = 0.0;
            for (int b = 0; b < p; b++) s += matrix[at + b] * theta[b];
            out[a] = s;
            q += theta[a] * s;
            tc += theta[a] * xty[a];
        }
        terms[0] = q;
        terms[1] = tc;
    }
}
