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
     * transposed into columns, then each entry is a dot product of two columns, four entries of a
     * row of the triangle at a time so that one load of column a serves four products.
     */
    private static void chunk(Dataset data, boolean intercept, int s, int m, int z, double[] columns, double[] acc) {
        final int d = data.features();
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final int c = CHUNK;
        if (m < c) Arrays.fill(columns, 0.0);
        for (int r = 0; r < m; r++) {
            int off = (s + r) * d;
            for (int j = 0; j < d; j++) columns[j * c + r] = x[off + j];
            if (intercept) columns[d * c + r] = 1.0;
            columns[(z - 1) * c + r] = y[s + r];
        }
        for (int a = 0; a < z; a++) {
            final int ao = a * c;
            for (int b = a; b < z; b += 4) {
                final int bo = b * c;
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                for (int r = 0; r < c; r++) {
                    final double v = columns[ao + r];
                    s0 += v * columns[bo + r];
                    s1 += v * columns[bo + c + r];
                    s2 += v * columns[bo + 2 * c + r];
                    s3 += v * columns[bo + 3 * c + r];
                }
                final int at = a * z + b;
                acc[at] += s0;
                if (b + 1 < z) acc[at + 1] += s1;
                if (b + 2 < z) acc[at + 2] += s2;
                if (b + 3 < z) acc[at + 3] += s3;
            }
        }
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
