package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    private static String csv(Generator g, long rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        g.write(rows, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The file's numbers: [row][column]. */
    private static double[][] parse(String text) {
        String[] lines = text.split("\n");
        double[][] rows = new double[lines.length - 1][];
        for (int i = 1; i < lines.length; i++) {
            rows[i - 1] = Arrays.stream(lines[i].split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return rows;
    }

    @Test
    void headerRowsAndSixSignificantDigits() throws Exception {
        String text = csv(Generator.of(3, 1, 0.1, Generator.Model.LINEAR), 500);
        String[] lines = text.split("\n", -1);
        assertEquals("x1,x2,x3,y", lines[0]);
        assertEquals(502, lines.length, "header, 500 rows, and the empty string after the last LF");
        assertEquals("", lines[501]);
        for (int i = 1; i <= 500; i++) {
            String[] cells = lines[i].split(",");
            assertEquals(4, cells.length);
            for (String c : cells) {
                assertEquals(String.format(Locale.ROOT, "%.6g", Double.parseDouble(c)), c, "a %.6g print: " + c);
            }
        }
    }

    @Test
    void theBytesDoNotDependOnTheNumberOfThreads() throws Exception {
        for (Generator g : List.of(Generator.of(3, 7, 0.3, Generator.Model.LINEAR),
                Generator.of(20_000, 7, 0.3, Generator.Model.LOGISTIC))) {
            // several blocks and a partial last one
            long rows = 5L * Generator.BLOCK_VALUES / (g.header().split(",").length) + 17;
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            g.write(rows, one, 1);
            for (int threads : new int[] {2, 3, 8}) {
                ByteArrayOutputStream many = new ByteArrayOutputStream();
                g.write(rows, many, threads);
                assertArrayEquals(one.toByteArray(), many.toByteArray(), threads + " threads");
            }
            assertEquals(rows + 1, one.toString(StandardCharsets.US_ASCII).lines().count());
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() throws Exception {
        Generator g = Generator.of(4, 7, 0.3, Generator.Model.LINEAR);
        assertEquals(csv(g, 300), csv(g, 300), "two writes of one generator");
        assertEquals(csv(g, 300), csv(Generator.of(4, 7, 0.3, Generator.Model.LINEAR), 300));
        assertNotEquals(csv(g, 300), csv(Generator.of(4, 8, 0.3, Generator.Model.LINEAR), 300));
        // the first rows do not depend on how many follow, within a block and across blocks
        assertTrue(csv(g, 300).startsWith(csv(g, 100)));
        assertTrue(csv(g, 40_000).startsWith(csv(g, 30_000)));
    }

    @Test
    void featuresDependOnlyOnTheSeed() throws Exception {
        double[][] linear = parse(csv(Generator.of(3, 5, 0.0, Generator.Model.LINEAR), 200));
        double[][] noisy = parse(csv(Generator.of(3, 5, 2.0, Generator.Model.LINEAR), 200));
        double[][] logistic = parse(csv(Generator.of(3, 5, 0.5, Generator.Model.LOGISTIC), 200));
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(Arrays.copyOf(linear[i], 3), Arrays.copyOf(noisy[i], 3));
            assertArrayEquals(Arrays.copyOf(linear[i], 3), Arrays.copyOf(logistic[i], 3));
        }
    }

    @Test
    void truthIsUniformInPlusMinusTwoAndKeepsItsPrefix() {
        Generator.Truth small = Generator.of(2, 9, 0, Generator.Model.LINEAR).truth();
        Generator.Truth big = Generator.of(50, 9, 0, Generator.Model.LINEAR).truth();
        assertEquals(small.intercept(), big.intercept());
        assertArrayEquals(small.weights(), Arrays.copyOf(big.weights(), 2));
        for (double w : big.weights()) assertTrue(w >= -2 && w <= 2, "w = " + w);
        assertTrue(Arrays.stream(big.weights()).anyMatch(w -> w > 1) && Arrays.stream(big.weights()).anyMatch(w -> w < -1));
    }

    @Test
    void featuresAreStandardNormal() throws Exception {
        double[][] rows = parse(csv(Generator.of(2, 3, 0.1, Generator.Model.LINEAR), 40_000));
        for (int j = 0; j < 2; j++) {
            final int col = j;
            double mean = Arrays.stream(rows).mapToDouble(r -> r[col]).average().orElseThrow();
            double var = Arrays.stream(rows).mapToDouble(r -> (r[col] - mean) * (r[col] - mean)).sum() / rows.length;
            // standard errors: 1/sqrt(n) = 0.005 for the mean, sqrt(2/n) = 0.007 for the variance
            assertEquals(0, mean, 0.025);
            assertEquals(1, var, 0.035);
            double within1 = Arrays.stream(rows).filter(r -> Math.abs(r[col]) < 1).count() / (double) rows.length;
            assertEquals(0.682689, within1, 0.012, "P(|z| < 1) of the standard normal");
        }
    }

    @Test
    void leastSquaresRecoversTheLinearTruthAndTheNoise() throws Exception {
        int n = 20_000;
        double sigma = 0.5;
        Generator g = Generator.of(3, 21, sigma, Generator.Model.LINEAR);
        double[][] rows = parse(csv(g, n));
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Arrays.copyOf(rows[i], 3);
            y[i] = rows[i][3];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] beta = ols.estimateRegressionParameters();
        // coefficient standard errors are about sigma/sqrt(n) = 0.0035
        assertEquals(g.truth().intercept(), beta[0], 0.02);
        for (int j = 0; j < 3; j++) assertEquals(g.truth().weights()[j], beta[j + 1], 0.02);
        assertEquals(sigma, Math.sqrt(ols.estimateErrorVariance()), 0.02);
    }

    @Test
    void withoutNoiseTheLinearTargetIsExactToThePrintedDigits() throws Exception {
        Generator g = Generator.of(4, 2, 0, Generator.Model.LINEAR);
        double[] w = g.truth().weights();
        for (double[] r : parse(csv(g, 1000))) {
            double z = g.truth().intercept();
            double slack = 0;
            for (int j = 0; j < 4; j++) {
                z += w[j] * r[j];
                slack += Math.abs(w[j] * r[j]) * 1e-5;
            }
            assertEquals(z, r[4], slack + Math.abs(z) * 1e-5);
        }
    }

    @Test
    void logisticLabelsFollowTheSigmoid() throws Exception {
        int n = 40_000;
        Generator g = Generator.of(2, 4, 0, Generator.Model.LOGISTIC);
        String text = csv(g, n);
        double[][] rows = parse(text);
        double ones = 0;
        double expected = 0;
        for (double[] r : rows) {
            assertTrue(r[2] == 0 || r[2] == 1);
            double z = g.truth().intercept() + g.truth().weights()[0] * r[0] + g.truth().weights()[1] * r[1];
            expected += 1 / (1 + Math.exp(-z));
            ones += r[2];
        }
        // the label sum's standard deviation is at most sqrt(n/4) = 100
        assertEquals(expected, ones, 500);
        assertFalse(text.contains(".00000\n"), "labels print as 0 and 1");
        assertTrue(text.lines().skip(1).allMatch(l -> l.endsWith(",0") || l.endsWith(",1")));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Generator.of(0, 1, 0, Generator.Model.LINEAR));
        assertThrows(IllegalArgumentException.class,
                () -> Generator.of(Generator.MAX_FEATURES + 1, 1, 0, Generator.Model.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> Generator.of(1, 1, -0.1, Generator.Model.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> Generator.of(1, 1, Double.NaN, Generator.Model.LINEAR));
        assertThrows(IllegalArgumentException.class,
                () -> Generator.of(1, 1, 0, Generator.Model.LINEAR).write(0, new ByteArrayOutputStream()));
    }

    @Test
    void theFastPathReadsAGeneratedFile() throws Exception {
        byte[] bytes = csv(Generator.of(5, 6, 1, Generator.Model.LINEAR), 5_000).getBytes(StandardCharsets.US_ASCII);
        Dataset d = FastCsvParser.parse(bytes, CsvOptions.defaults(), "gen", 2);
        assertEquals(5_000, d.rows());
        assertEquals(List.of("x1", "x2", "x3", "x4", "x5"), d.featureNames());
    }
}
