package dev.lrsweep.cli;

import dev.lrsweep.data.AtomicOutput;
import dev.lrsweep.data.Generator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrsweep gen}: a seeded synthetic dataset as CSV. */
@Command(addMethodSubcommands = false, name = "gen", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Write a seeded synthetic dataset as CSV: features x1..xk ~ N(0,1), weights and intercept "
                + "drawn uniformly from [-2, 2], and a target y from a linear or logistic model.",
        footer = {"", "Examples:",
            "  lrsweep gen --rows 1000 --features 2 --seed 7 > d.csv",
            "  lrsweep gen --rows 500000 --features 16 --noise 0.5 --out big.csv",
            "  lrsweep gen --model logistic --rows 2000 --features 4 --out labels.csv",
            "", "The same options give the same bytes on every machine.",
            "Values are printed as %%.6g, a logistic target as 0 or 1.",
            "The true weights and intercept go to stderr (unless --quiet)."})
final class GenCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The model the target follows. */
    enum ModelName { linear, logistic }

    /** The most rows lrsweep could read back (one feature and a target per row: 2^31 - 8 cells). */
    static final long MAX_ROWS = (Integer.MAX_VALUE - 8) / 2;

    @Option(names = "--rows", defaultValue = "1000", paramLabel = "N",
            description = "Data rows (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--features", defaultValue = "2", paramLabel = "K",
            description = "Feature columns x1..xK (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of every draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise", defaultValue = "0.1", paramLabel = "SIGMA",
            description = "Standard deviation of the Gaussian noise added to y (linear) or to the logit "
                    + "(logistic) (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--model", defaultValue = "linear", paramLabel = "MODEL",
            description = "${COMPLETION-CANDIDATES}: y = x*w + b + noise, or y ~ Bernoulli(sigmoid(x*w + b + noise)) "
                    + "(default: ${DEFAULT-VALUE}).")
    ModelName model;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write to FILE (atomically) instead of stdout.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the true weights on stderr.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    /** Keeps a generated row's bytes within reasonable bounds. */
    static final int MAX_FEATURES = 100_000;

    @Override
    public Integer call() throws IOException {
        if (rows < 1) throw new UsageException("--rows: must be at least 1, got " + rows);
        // lrsweep reads at most 2^31 - 8 cells, so more rows than that could never be used
        if (rows > MAX_ROWS) throw new UsageException("--rows: at most " + MAX_ROWS + ", got " + rows);
        if (features < 1) throw new UsageException("--features: must be at least 1, got " + features);
        if (features > MAX_FEATURES) {
            throw new UsageException("--features: at most " + MAX_FEATURES + ", got " + features);
        }
        if (!(noise >= 0) || !(noise <= 1e300)) {
            // beyond, noise times a normal draw overflows to the infinities no reader accepts
            throw new UsageException("--noise: must be a number from 0 to 1e300, got " + noise);
        }
        if (out != null) SweepCommandRunner.checkOutputDir(out, "--out");
        Generator g = Generator.of(features, seed,
                noise, model == ModelName.logistic ? Generator.Model.LOGISTIC : Generator.Model.LINEAR);
        PrintWriter err = spec.commandLine().getErr();
        if (out != null) {
            AtomicOutput.write(out, stream -> g.write(rows, stream));
        } else {
            PrintWriter stdout = spec.commandLine().getOut();
            try {
                g.write(rows, new WriterStream(stdout));
            } catch (StdoutClosed e) {
                // the rows stop here: main() makes the writer's error the exit code (141 for a closed
                // pipe, 2 and a message otherwise); a caller of Main.run sees it on its writer
                return ExitCodes.OK;
            }
            stdout.flush();
        }
        if (!quiet) {
            err.println("gen: " + g.describe(rows) + (out != null ? " -> " + out : ""));
            err.flush();
        }
        return ExitCodes.OK;
    }

    /** Stdout refused more bytes (a closed pipe, a full disk). */
    private static final class StdoutClosed extends IOException {
        private static final long serialVersionUID = 1L;

        StdoutClosed() {
            super("stdout closed");
        }
    }

    /** The generator's ASCII bytes onto the command's stdout writer, a block at a time. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter w;

        WriterStream(PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            w.write(new String(b, off, len, StandardCharsets.ISO_8859_1));
            // a PrintWriter swallows write errors: ask, so a closed pipe stops the generation
            if (w.checkError()) throw new StdoutClosed();
        }
    }
}
