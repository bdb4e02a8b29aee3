package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model's analytic gradient against central differences of its loss, on the whole data, on a
 * contiguous slice and on a batch given as row indices (shuffled, with a repeat); and a batch given
 * as row indices against the same rows copied into a dataset of their own.
 */
class GradientCheckTest {
    private static final Dataset NUMERIC = TestData.regression(40, 3, 11);
    private static final Dataset BINARY = TestData.binary(40, 12, false);
    private static final Dataset LABELLED = TestData.labelled(45, 3, 13);
    /** More rows than one block of the networks' blocked pass, and more units than features. */
    private static final Dataset LONG = TestData.regression(300, 4, 14);
    /** A batch of 10 rows as indices: rows[2..12), out of order and with row 5 twice. */
    private static final int[] ROWS = {0, 1, 5, 17, 3, 39, 22, 5, 8, 30, 11, 2, 7, 9};

    record Case(Model model, Dataset data) {}

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (double l2 : new double[] {0.0, 0.1}) {
            add(out, "linear l2=" + l2, () -> LinearRegression.of(NUMERIC, true, l2), NUMERIC);
            for (boolean intercept : new boolean[] {true, false}) {
                add(out, "logistic intercept=" + intercept + " l2=" + l2,
                        () -> LogisticRegression.of(BINARY, intercept, l2), BINARY);
                add(out, "softmax intercept=" + intercept + " l2=" + l2,
                        () -> SoftmaxRegression.of(LABELLED, intercept, l2), LABELLED);
            }
            for (Activation a : Activation.values()) {
                for (int layers : new int[] {1, 2}) {
                    add(out, "mlp regression " + a.key() + " layers=" + layers + " l2=" + l2,
                            () -> Mlp.of(NUMERIC, 6, layers, a, l2), NUMERIC);
                    add(out, "mlp classification " + a.key() + " layers=" + layers + " l2=" + l2,
                            () -> Mlp.of(LABELLED, 5, layers, a, l2), LABELLED);
                    add(out, "mlp 300 rows, 24 units " + a.key() + " layers=" + layers + " l2=" + l2,
                            () -> Mlp.of(LONG, 24, layers, a, l2), LONG);
                }
            }
        }
        return out.stream();
    }

    private static void add(List<Arguments> out, String name, Supplier<Model> model, Dataset data) {
        out.add(Arguments.of(Named.of(name, new Case(model.get(), data))));
    }

    /** Initial parameters plus noise, so biases are not 0 and linear models are not at the origin. */
    private static double[] point(Model m) {
        double[] p = m.initialParams(new SplittableRandom(3));
        double[] noise = TestData.randomParams(p.length, 0.5, 4);
        for (int j = 0; j < p.length; j++) p[j] += noise[j];
        return p;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wholeData(Case c) {
        TestData.assertGradientMatches(c.model(), c.data(), null, 0, c.data().rows(), point(c.model()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void contiguousSlice(Case c) {
        TestData.assertGradientMatches(c.model(), c.data(), null, 3, 17, point(c.model()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rowIndices(Case c) {
        TestData.assertGradientMatches(c.model(), c.data(), ROWS, 2, 12, point(c.model()));
    }

    /** rows[from..to) must mean exactly those rows, in that order, and the whole-data overload all rows. */
    @ParameterizedTest
    @MethodSource("cases")
    void rowIndicesSelectThoseRows(Case c) {
        Model m = c.model();
        double[] p = point(m);
        Dataset sub = TestData.subset(c.data(), ROWS, 2, 12);
        double[] g1 = new double[p.length];
        double[] g2 = new double[p.length];
        double l1 = m.lossAndGradient(c.data(), ROWS, 2, 12, p, g1);
        double l2 = m.lossAndGradient(sub, p, g2);
        assertEquals(l2, l1, 0.0);
        assertArrayEquals(g2, g1, 0.0);
        assertEquals(m.loss(sub, p), m.loss(c.data(), ROWS, 2, 12, p), 0.0);

        double lAll = m.lossAndGradient(c.data(), null, 0, c.data().rows(), p, g1);
        assertEquals(lAll, m.lossAndGradient(c.data(), p, g2), 0.0);
        assertArrayEquals(g1, g2, 0.0);
    }
}
