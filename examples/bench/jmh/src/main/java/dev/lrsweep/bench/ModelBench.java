package dev.lrsweep.bench;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.LogisticRegression;
import dev.lrsweep.model.Model;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fused loss-and-gradient pass over every row: the kernel behind each full-batch step of W2
 * (linear, MSE) and W2b (logistic, cross-entropy). The secondary {@code bytes} metric is the data
 * read per second, rows × (features + 1) × 8 bytes per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ModelBench {
    @Param("100000")
    public int rows;

    @Param("16")
    public int features;

    private Dataset linearData;
    private Dataset logisticData;
    private Model linear;
    private Model logistic;
    private double[] params;
    private double[] grad;
    private double[][] manyParams;
    private double[][] manyGrads;
    private double[] manyLosses;

    /** Parameter vectors advanced together by the fused benchmarks (W2b fuses 16). */
    @Param("16")
    public int trials;

    /** Bytes read, per second (JMH reports it as a rate). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Traffic {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setup() {
        linearData = BenchData.dataset(rows, features, 1, 0.1, false);
        logisticData = BenchData.dataset(rows, features, 2, 0.5, true);
        linear = LinearRegression.of(linearData, true);
        logistic = LogisticRegression.of(logisticData, true);
        // Mid-training parameters, not zeros: nothing saturates and nothing is trivially zero.
        Random rng = new Random(3);
        params = new double[features + 1];
        for (int j = 0; j < params.length; j++) params[j] = 0.1 * rng.nextGaussian();
        grad = new double[features + 1];
        manyParams = new double[trials][features + 1];
        manyGrads = new double[trials][features + 1];
        manyLosses = new double[trials];
        for (double[] p : manyParams) {
            for (int j = 0; j < p.length; j++) p[j] = 0.1 * rng.nextGaussian();
        }
    }

    @Benchmark
    public double linearLossAndGradient(Traffic t) {
        t.bytes += BenchData.bytesPerPass(linearData);
        return linear.lossAndGradient(linearData, params, grad);
    }

    @Benchmark
    public double logisticLossAndGradient(Traffic t) {
        t.bytes += BenchData.bytesPerPass(logisticData);
        return logistic.lossAndGradient(logisticData, params, grad);
    }

    /** One pass serving {@code trials} parameter vectors at once, as a fused W2b step does. */
    @Benchmark
    public double[] logisticFused(Traffic t) {
        t.bytes += BenchData.bytesPerPass(logisticData);
        logistic.lossAndGradientMany(logisticData, null, 0, logisticData.rows(), manyParams, manyGrads, manyLosses,
                trials);
        return manyLosses;
    }
}
