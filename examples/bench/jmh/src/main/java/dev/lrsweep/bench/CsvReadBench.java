package dev.lrsweep.bench;

import dev.lrsweep.data.CsvOptions;
import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code CsvReader.read} on a generated CSV file (header x1..xk,y, {@code %.6g} values, as
 * {@code lrsweep gen} writes), warm: the parse rate W4 would reach in a long-lived process. The
 * secondary {@code bytes} metric is CSV bytes parsed per second.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CsvReadBench {
    @Param("100000")
    public int rows;

    @Param("16")
    public int features;

    private Path file;
    private long fileBytes;

    /** CSV bytes parsed, per second (JMH reports it as a rate). */
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
    public void setup() throws IOException {
        file = Files.createTempFile("lrsweep-jmh-", ".csv");
        BenchData.writeCsv(BenchData.dataset(rows, features, 4, 0.1, false), file);
        fileBytes = Files.size(file);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public Dataset read(Traffic t) {
        t.bytes += fileBytes;
        return CsvReader.read(file, CsvOptions.defaults());
    }
}
