package dev.lrsweep.bench;

import dev.lrsweep.data.Dataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic data for the benchmarks, shaped like {@code lrsweep gen}'s: features drawn from
 * N(0, 1), a linear target {@code x·w + b + noise} or a 0/1 target drawn with probability
 * {@code sigmoid(x·w + b + noise)}, values printed with {@code %.6g} in CSV.
 */
final class BenchData {
    private BenchData() {
    }

    /** A rows × features dataset; {@code logistic} makes the target 0/1. */
    static Dataset dataset(int rows, int features, long seed, double noise, boolean logistic) {
        Random rng = new Random(seed);
        double[] w = new double[features];
        for (int j = 0; j < features; j++) w[j] = rng.nextGaussian();
        double b = rng.nextGaussian();
        double[] x = new double[rows * features];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double z = b;
            for (int j = 0; j < features; j++) {
                double v = rng.nextGaussian();
                x[i * features + j] = v;
                z += v * w[j];
            }
            z += noise * rng.nextGaussian();
            y[i] = logistic ? (rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0) : z;
        }
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= features; j++) names.add("x" + j);
        return new Dataset(x, y, names, "y", "synthetic", null);
    }

    /** Writes the dataset as CSV (header x1..xk,y; {@code %.6g} values) and returns the file. */
    static Path writeCsv(Dataset d, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", d.featureNames()) + ",y\n");
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < d.rows(); i++) {
                line.setLength(0);
                for (int j = 0; j < d.features(); j++) line.append(g(d.x(i, j))).append(',');
                line.append(g(d.y(i))).append('\n');
                out.append(line);
            }
        }
        return file;
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The rows × (features + 1) doubles one pass over the data reads. */
    static long bytesPerPass(Dataset d) {
        return (long) d.rows() * (d.features() + 1) * Double.BYTES;
    }
}
