package dev.lrsweep.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** Options of the sweep itself: threads, seed, tolerance. */
@picocli.CommandLine.Command(addMethodSubcommands = false) // no scan of its methods for subcommands
final class SweepOptions {
    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Threads to run trials on (default: the number of processors). "
                    + "Results do not depend on it.")
    Integer jobs;

    @Option(names = "--seed", split = ",", paramLabel = "S",
            description = "Seed for initial weights, batch order, draws and the validation split (default: 0). "
                    + "Several seeds repeat every setting; the summary then adds mean and spread.")
    List<Long> seed;

    @Option(names = "--tol", defaultValue = "1e-4", paramLabel = "REL",
            description = "Relative tolerance around the reference loss for steps_to_target and "
                    + "convergence (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--show-params", description = "Show every parameter in tables and JSON, even for large models.")
    boolean showParams;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Run only the trials whose id is K modulo N (K from 0); the JSON is then a part for "
                    + "'lrsweep merge'.")
    String shard;

    /** The shard index and count, or null when not sharded. */
    int[] shard() {
        if (shard == null) return null;
        String[] kn = shard.split("/", -1);
        try {
            // ASCII digits only, nothing around them: Integer.parseInt also takes a sign and other
            // scripts' digits ('１/３'), and strip() took any white space ('0 /2', a trailing newline)
            if (kn.length != 2 || !kn[0].matches("[0-9]+") || !kn[1].matches("[0-9]+")) {
                throw new NumberFormatException();
            }
            int k = Integer.parseInt(kn[0]);
            int n = Integer.parseInt(kn[1]);
            if (n < 1 || k < 0 || k >= n) {
                throw new UsageException("--shard: needs 0 <= K < N, got " + shard);
            }
            return new int[] {k, n};
        } catch (NumberFormatException e) {
            throw new UsageException("--shard: expected K/N such as 0/3, got '" + shard + "'");
        }
    }

    void validate() {
        shard();
        if (!(tol > 0) || !Double.isFinite(tol)) throw new UsageException("--tol: must be a finite number > 0, got " + tol);
        if (jobs != null && jobs < 1) throw new UsageException("--jobs: must be at least 1, got " + jobs);
    }

    long[] seeds() {
        return seed == null || seed.isEmpty() ? new long[] {0} : seed.stream().mapToLong(Long::longValue).toArray();
    }

    /** The first seed: the one draws and the validation split derive from. */
    long firstSeed() {
        return seeds()[0];
    }

    int threads() {
        return jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    }
}
