package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTest {

    private static Dataset wide(int features) {
        return new Dataset(new double[features], new double[1], TestData.featureNames(features), "y", "t", null);
    }

    @Test
    void initialisationIsReproducibleForASeed() {
        Mlp m = Mlp.of(TestData.regression(10, 3, 1), 8, 2, Activation.RELU, 0);
        double[] a = m.initialParams(new SplittableRandom(42));
        assertArrayEquals(a, m.initialParams(new SplittableRandom(42)), 0);
        assertArrayEquals(a, Mlp.of(TestData.regression(10, 3, 1), 8, 2, Activation.RELU, 0)
                .initialParams(new SplittableRandom(42)), 0);
        assertFalse(Arrays.equals(a, m.initialParams(new SplittableRandom(43))));
    }

    /** He normal: mean 0, standard deviation sqrt(2/fan_in) = sqrt(2/256) on a 256×256 layer; biases 0. */
    @Test
    void heNormalHasTheRightSpread() {
        Mlp m = Mlp.of(wide(256), 256, 1, Activation.RELU, 0);
        double[] p = m.initialParams(new SplittableRandom(7));
        double[] layer = Arrays.copyOfRange(p, 0, 256 * 256);
        double std = Math.sqrt(2.0 / 256);
        assertEquals(std, sampleStd(layer), 0.1 * std);
        assertEquals(0, mean(layer), 0.05 * std);
        // roughly normal: about 68% within one standard deviation (65,536 draws: ±0.6% is 3 sigma)
        long inside = Arrays.stream(layer).filter(v -> Math.abs(v) < std).count();
        assertEquals(0.6827, inside / 65536.0, 0.006);
        assertArrayEquals(new double[256], Arrays.copyOfRange(p, 256 * 256, 256 * 257), 0);
    }

    /** Glorot uniform on ±sqrt(6/(256+256)): standard deviation limit/√3 = sqrt(2/512), every value inside. */
    @Test
    void glorotUniformHasTheRightSpreadAndRange() {
        Mlp m = Mlp.of(wide(256), 256, 1, Activation.TANH, 0);
        double[] p = m.initialParams(new SplittableRandom(7));
        double[] layer = Arrays.copyOfRange(p, 0, 256 * 256);
        double limit = Math.sqrt(6.0 / 512);
        assertEquals(limit / Math.sqrt(3), sampleStd(layer), 0.1 * limit / Math.sqrt(3));
        assertEquals(0, mean(layer), 0.05 * limit);
        assertTrue(Arrays.stream(layer).allMatch(v -> Math.abs(v) <= limit));
        // the output layer (256 → 1) uses its own fans
        double outLimit = Math.sqrt(6.0 / 257);
        double[] out = Arrays.copyOfRange(p, 256 * 257, 256 * 257 + 256);
        assertTrue(Arrays.stream(out).allMatch(v -> Math.abs(v) <= outLimit));
        assertTrue(Arrays.stream(out).anyMatch(v -> Math.abs(v) > Math.sqrt(6.0 / 512)));
        assertEquals(0.0, p[p.length - 1], 0);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double sampleStd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * A network of 25 million parameters: its names and meanings are made when read, not held (two
     * strings a parameter were over 2 GB here, made again for every trial). Each name below is
     * placed by hand from the layout: layer 1 is 2→5000 (10,000 weights, 5,000 biases), layer 2
     * 5000→5000, layer 3 5000→1.
     */
    @Test
    void namesOfALargeNetworkAreMadeWhenRead() {
        Dataset d = TestData.regression(4, 2, 3);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counts in this JVM");
        long before = threads.getCurrentThreadAllocatedBytes();
        Mlp m = Mlp.of(d, 5000, 2, Activation.RELU, 0);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the scratch space, a few blocks of 128 rows by 5000 units, is some tens of MB; two strings
        // for each of 25 million parameters would be gigabytes
        assertTrue(allocated < 200L << 20, allocated + " bytes allocated");
        int p = 15_000 + 25_005_000 + 5_001;
        assertEquals(p, m.paramCount());
        assertEquals(p, m.paramNames().size());
        assertEquals("w1_4999_1", m.paramNames().get(9_999));
        assertEquals("b1_0", m.paramNames().get(10_000));
        assertEquals("w2_0_0", m.paramNames().get(15_000));
        assertEquals("w2_4999_4999", m.paramNames().get(15_000 + 25_000_000 - 1));
        assertEquals("b2_4999", m.paramNames().get(15_000 + 25_005_000 - 1));
        assertEquals("w3_0_4999 = layer 3 weight, output <- unit 4999", m.paramMeanings().get(p - 2));
        assertEquals("b3_0 = layer 3 bias, output", m.paramMeanings().get(p - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.paramNames().get(p));
        assertThrows(UnsupportedOperationException.class, () -> m.paramNames().set(0, "x"));
    }

    @Test
    void layersAndNames() {
        Dataset d = TestData.labelled(10, 2, 3);
        Mlp m = Mlp.of(d, 4, 2, Activation.TANH, 0);
        // 2→4 (8 + 4), 4→4 (16 + 4), 4→3 (12 + 3)
        assertEquals(47, m.paramCount());
        assertEquals(3, m.layers());
        List<String> names = m.paramNames();
        assertEquals(47, names.size());
        assertEquals(47, m.paramMeanings().size());
        assertEquals(List.of("w1_0_0", "w1_0_1", "w1_1_0"), names.subList(0, 3));
        assertEquals(List.of("w1_3_1", "b1_0", "b1_1", "b1_2", "b1_3", "w2_0_0"), names.subList(7, 13));
        assertEquals("b3_2", names.get(46));
        assertEquals("w1_3_1 = layer 1 weight, unit 3 <- x2", m.paramMeanings().get(7));
        assertEquals("w3_2_1 = layer 3 weight, output blue <- unit 1", m.paramMeanings().get(41));
        assertEquals("b3_2 = layer 3 bias, output blue", m.paramMeanings().get(46));
        for (int q = 0; q < m.paramCount(); q++) {
            int layerInName = names.get(q).charAt(1) - '1';
            assertEquals(layerInName, m.layerOf(q), names.get(q));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> m.layerOf(47));
        assertFalse(m.tabular());
        assertTrue(m.classifies());
        assertEquals("categorical_crossentropy", m.lossName());
        assertEquals("mlp", m.name());

        Mlp r = Mlp.of(TestData.regression(10, 2, 3), 4, 1, Activation.RELU, 0);
        assertFalse(r.classifies());
        assertEquals("mse", r.lossName());
        assertEquals(17, r.paramCount()); // 2→4 (12), 4→1 (5)
        assertEquals("w2_0_3 = layer 2 weight, output <- unit 3", r.paramMeanings().get(15));
        assertTrue(Double.isNaN(r.accuracy(TestData.regression(10, 2, 3), new double[17])));
    }

    /** The loss and accuracy by a plain forward pass over the documented layout, with matrices. */
    @Test
    void forwardPassFollowsTheDocumentedLayout() {
        for (Activation a : Activation.values()) {
            Dataset cls = TestData.labelled(30, 3, 8);
            Mlp m = Mlp.of(cls, 5, 2, a, 0.3);
            double[] p = TestData.randomParams(m.paramCount(), 1, 9);
            double[] expected = plainForward(cls, p, new int[] {3, 5, 5, 3}, a, true, 0.3);
            assertEquals(expected[0], m.loss(cls, p), 1e-12 * expected[0]);
            assertEquals(expected[1], m.accuracy(cls, p), 0);

            Dataset reg = TestData.regression(30, 3, 8);
            Mlp r = Mlp.of(reg, 5, 2, a, 0.3);
            double[] e2 = plainForward(reg, p, new int[] {3, 5, 5, 1}, a, false, 0.3);
            assertEquals(e2[0], r.loss(reg, Arrays.copyOf(p, r.paramCount())), 1e-12 * e2[0]);
        }
    }

    /** {loss, accuracy}: weights of layer l as W[out][in] then biases, layer after layer. */
    private static double[] plainForward(Dataset d, double[] p, int[] width, Activation act, boolean classify,
                                         double l2) {
        int levels = width.length;
        double[][][] w = new double[levels - 1][][];
        double[][] b = new double[levels - 1][];
        int q = 0;
        double penalty = 0;
        for (int l = 0; l < levels - 1; l++) {
            w[l] = new double[width[l + 1]][width[l]];
            for (int o = 0; o < width[l + 1]; o++) {
                for (int i = 0; i < width[l]; i++) {
                    w[l][o][i] = p[q++];
                    penalty += l2 * w[l][o][i] * w[l][o][i];
                }
            }
            b[l] = new double[width[l + 1]];
            for (int o = 0; o < width[l + 1]; o++) b[l][o] = p[q++];
        }
        double loss = 0;
        int right = 0;
        for (int r = 0; r < d.rows(); r++) {
            double[] v = new double[width[0]];
            for (int j = 0; j < v.length; j++) v[j] = d.x(r, j);
            for (int l = 0; l < levels - 1; l++) {
                double[] next = new double[width[l + 1]];
                for (int o = 0; o < next.length; o++) {
                    double s = b[l][o];
                    for (int i = 0; i < v.length; i++) s += w[l][o][i] * v[i];
                    boolean hidden = l < levels - 2;
                    next[o] = !hidden ? s : act == Activation.RELU ? Math.max(0, s) : Math.tanh(s);
                }
                v = next;
            }
            if (classify) {
                double sum = 0;
                int best = 0;
                for (int c = 0; c < v.length; c++) {
                    sum += Math.exp(v[c]);
                    if (v[c] > v[best]) best = c;
                }
                loss += -Math.log(Math.exp(v[(int) d.y(r)]) / sum);
                if (best == (int) d.y(r)) right++;
            } else {
                loss += (v[0] - d.y(r)) * (v[0] - d.y(r));
            }
        }
        return new double[] {loss / d.rows() + penalty, (double) right / d.rows()};
    }

    /**
     * The blocked pass against the plain per-row definition, bit for bit: every layout the blocked
     * pass chooses (first layer input- or unit-major, dot products or outer products above it),
     * batches over block boundaries, contiguous and permuted, and parameters large enough to
     * overflow, where it hands the batch over to the per-row form.
     */
    @Test
    void blockedPassIsThePerRowDefinitionBitForBit() {
        Dataset reg = TestData.regression(300, 5, 21);
        Dataset three = TestData.labelled(300, 5, 22);
        Dataset ten = tenClasses(300, 6, 23);
        int[] perm = permutation(300, 24);
        int[][] shapes = {{3, 1}, {4, 2}, {24, 1}, {24, 2}, {40, 1}, {40, 2}};
        for (Activation a : Activation.values()) {
            for (int[] shape : shapes) {
                for (Dataset d : List.of(reg, three, ten)) {
                    Mlp m = Mlp.of(d, shape[0], shape[1], a, shape[1] == 2 ? 0.02 : 0.0);
                    for (double scale : new double[] {0.3, 1.5, 1e100}) {
                        double[] p = TestData.randomParams(m.paramCount(), scale, shape[0] * 7L + shape[1]);
                        String what = a + " " + Arrays.toString(shape) + " " + d.classes() + " classes, scale " + scale;
                        assertSameAsPerRow(m, d, null, 0, d.rows(), p, what + " all rows");
                        assertSameAsPerRow(m, d, null, 5, 139, p, what + " rows 5..139");
                        assertSameAsPerRow(m, d, perm, 17, 290, p, what + " permuted");
                    }
                }
            }
        }
    }

    /**
     * A pre-activation of ∞ − ∞ is NaN, which the per-row ReLU turns into 0: the loss, gradient and
     * accuracy stay those numbers (the blocked pass, whose ReLU keeps the NaN, hands over).
     */
    @Test
    void aNanPreActivationIsCutByTheReluAsPerRow() {
        for (Dataset d : List.of(TestData.regression(200, 2, 31), TestData.labelled(200, 2, 32))) {
            Mlp m = Mlp.of(d, 3, 2, Activation.RELU, 0.0);
            double[] p = TestData.randomParams(m.paramCount(), 0.5, 33);
            // unit 0 of the second hidden layer: weights +∞ and −∞ on units 0 and 1 of the first
            // (both positive for some rows: ∞·a − ∞·b = NaN there)
            int w2 = 2 * 3 + 3;
            p[w2] = Double.POSITIVE_INFINITY;
            p[w2 + 1] = Double.NEGATIVE_INFINITY;
            // ... and nothing of unit 0 reaches the output
            int out = w2 + 3 * 3 + 3;
            for (int c = 0; c < Math.max(1, d.classes()); c++) p[out + c * 3] = 0.0;
            double[] g = new double[p.length];
            double loss = m.lossAndGradientRowByRow(d, null, 0, d.rows(), p, g);
            assertTrue(Double.isFinite(loss), "the per-row loss is a number: " + loss);
            assertSameAsPerRow(m, d, null, 0, d.rows(), p, d.classes() + " classes");
            assertEquals(loss, m.loss(d, p), 0.0);
            if (d.classes() > 0) {
                double acc = m.accuracy(d, p);
                assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
            }
        }
    }

    private static void assertSameAsPerRow(Mlp m, Dataset d, int[] rows, int from, int to, double[] p, String what) {
        double[] expected = new double[p.length];
        double[] actual = new double[p.length];
        Arrays.fill(actual, 99.0);
        double el = m.lossAndGradientRowByRow(d, rows, from, to, p, expected);
        double al = m.lossAndGradient(d, rows, from, to, p, actual);
        assertEquals(Double.doubleToLongBits(el), Double.doubleToLongBits(al), what + ": loss " + el + " vs " + al);
        for (int j = 0; j < p.length; j++) {
            assertEquals(Double.doubleToLongBits(expected[j]), Double.doubleToLongBits(actual[j]),
                    what + ": gradient " + m.paramNames().get(j) + " " + expected[j] + " vs " + actual[j]);
        }
        if (Double.isFinite(el)) {
            assertEquals(el, m.loss(d, rows, from, to, p), 0.0, what + ": loss alone");
        }
    }

    private static int[] permutation(int n, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** Ten classes, so that a 40-unit layer feeding the output sums its gradient as outer products, unit-major. */
    private static Dataset tenClasses(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = TestData.features(n, k, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(10);
        List<String> labels = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) labels.add("c" + c);
        return new Dataset(x, y, TestData.featureNames(k), "y", "t", null, labels);
    }

    /** A network with 8 tanh units learns XOR, which no linear model can. */
    @Test
    void learnsXor() {
        Dataset xor = new Dataset(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, new double[] {0, 1, 1, 0},
                List.of("p", "q"), "xor", "t", null, List.of("false", "true"));
        Mlp m = Mlp.of(xor, 8, 1, Activation.TANH, 0);
        double[] p = m.initialParams(new SplittableRandom(5));
        double[] g = new double[p.length];
        double first = m.loss(xor, p);
        for (int s = 0; s < 3000; s++) {
            m.lossAndGradient(xor, p, g);
            for (int j = 0; j < p.length; j++) p[j] -= 0.5 * g[j];
        }
        assertEquals(1.0, m.accuracy(xor, p), 0);
        assertTrue(m.loss(xor, p) < 0.05 * first, "loss " + m.loss(xor, p) + " from " + first);
    }

    /**
     * The training loop's calls allocate nothing per row: the bytes this thread allocates over many
     * calls on 2,000 rows stay below a small fixed amount (the allowance is for the JVM, not the model).
     */
    @Test
    void lossAndGradientDoNotAllocatePerRow() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled());
        for (Dataset d : List.of(TestData.regression(2000, 4, 1), TestData.labelled(2000, 4, 1))) {
            Mlp m = Mlp.of(d, 16, 2, Activation.RELU, 0.1);
            double[] p = m.initialParams(new SplittableRandom(1));
            double[] g = new double[p.length];
            int[] rows = new int[d.rows()];
            for (int i = 0; i < rows.length; i++) rows[i] = rows.length - 1 - i;
            for (int warm = 0; warm < 20; warm++) {
                m.lossAndGradient(d, p, g);
                m.lossAndGradient(d, rows, 0, 1000, p, g);
                m.loss(d, p);
            }
            long tid = Thread.currentThread().getId();
            long before = sun.getThreadAllocatedBytes(tid);
            for (int call = 0; call < 20; call++) {
                m.lossAndGradient(d, p, g);
                m.lossAndGradient(d, rows, 0, 1000, p, g);
                m.loss(d, p);
            }
            long bytes = sun.getThreadAllocatedBytes(tid) - before;
            // 20 × 5,000 rows: even 8 bytes a row would be 800 kB
            assertTrue(bytes < 64 * 1024, bytes + " bytes allocated");
        }
    }

    @Test
    void rejectsUnsuitableData() {
        Dataset one = new Dataset(new double[] {1, 2}, new double[] {0, 0}, List.of("x"), "y", "t", null, List.of("a"));
        assertThrows(DataException.class, () -> Mlp.of(one, 4, 1, Activation.RELU, 0));
        Dataset none = new Dataset(new double[0], new double[3], List.of(), "y", "t", null);
        assertEquals("--model mlp: needs at least one feature column",
                assertThrows(DataException.class, () -> Mlp.of(none, 4, 1, Activation.RELU, 0)).getMessage());
        Dataset d = TestData.regression(5, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> Mlp.of(d, 0, 1, Activation.RELU, 0));
        assertThrows(IllegalArgumentException.class, () -> Mlp.of(d, 4, 0, Activation.RELU, 0));
        assertThrows(IllegalArgumentException.class, () -> Mlp.of(d, 4, 1, Activation.RELU, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Mlp.of(d, 100_000, 3, Activation.RELU, 0));
        assertEquals(3L * 100_000 + 2 * 100_001L * 100_000 + 100_001, Mlp.parameterCount(2, 100_000, 3, 1));
    }
}
