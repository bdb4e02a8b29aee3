import dev.lrsweep.data.CsvOptions;
import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * W4 for lrsweep: load one CSV file with lrsweep's own reader ({@code CsvReader.read}, exactly what
 * {@code lrsweep grid --data} calls) in a fresh JVM, and print one JSON line with the in-process
 * time of that call. No warm-up: this is the one-shot cost a command-line run pays. The file's
 * SHA-256, which lrsweep takes only when a report needs it (in the background while a JSON run
 * trains), is timed apart as {@code sha256_s}.
 *
 * <pre>java -cp target/lrsweep.jar:CLASSES LoadCsv FILE</pre>
 */
public final class LoadCsv {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        Dataset d = CsvReader.read(file, CsvOptions.defaults());
        long t1 = System.nanoTime();
        String sha = d.sha256();
        long t2 = System.nanoTime();
        double sum = 0;
        for (double v : d.xArray()) sum += v;
        for (double v : d.yArray()) sum += v;
        System.out.printf(java.util.Locale.ROOT,
                "{\"workload\": \"W4\", \"rows\": %d, \"features\": %d, \"bytes\": %d, \"load_s\": %.6f, "
                        + "\"compute_s\": %.6f, \"sha256_s\": %.6f, \"sha256\": \"%s\", \"checksum\": %.6g}%n",
                d.rows(), d.features(), Files.size(file), (t1 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, sha, sum);
    }
}
