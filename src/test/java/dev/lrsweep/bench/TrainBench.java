package dev.lrsweep.bench;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.sweep.Distribution;
import dev.lrsweep.sweep.Experiment;
import dev.lrsweep.sweep.GroupTrainer;
import dev.lrsweep.sweep.LrScaling;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.sweep.TrialList;
import dev.lrsweep.train.FusedTrainer;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.TrainRun;
import dev.lrsweep.train.Trainer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A rerunnable training benchmark (not a test): the workloads of PERFORMANCE.md generated in memory,
 * each timed through three routes of the same build.
 *
 * <ul>
 *   <li>W2: 16 log-spaced rates 1e-3..1e-1 × 50 full-batch steps, linear MSE with intercept,
 *       500,000 × 16.</li>
 *   <li>W2b: the same with the logistic model on 0/1 targets.</li>
 *   <li>W3: mlp(hidden=32), batch 128 (shuffled), 5 epochs, 8 rates, 100,000 × 16.</li>
 * </ul>
 * Routes: {@code rows} trains each trial alone with the plain model (the loop before the Gram and
 * fused routes existed); {@code trial} is {@code SweepRunner.run(trials, jobs, e::run, ...)} (one
 * trial at a time, the Gram route where it applies); {@code group} is
 * {@code SweepRunner.run(trials, jobs, e, ...)} (Gram route and fused groups); {@code fused} groups
 * trials the same way but trains them with the plain model (the fused row pass without the Gram
 * statistics).
 *
 * <p>Usage: {@code java -cp target/classes:target/test-classes dev.lrsweep.bench.TrainBench
 * [jobs=2] [reps=3] [workloads=W2,W2b,W3] [routes=rows,trial,group,fused] [warmups=1]}. Prints, per
 * workload and route, the median wall time of the sweep (after the warm-up runs), the CPU time, the wall
 * time per trial-step, and a checksum (the middle trial's final loss) that must agree between
 * routes. The machine is shared and noisy: compare medians of several runs.
 */
public final class TrainBench {
    private TrainBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> workloads = Arrays.asList((args.length > 2 ? args[2] : "W2,W2b,W3").split(","));
        List<String> routes = Arrays.asList((args.length > 3 ? args[3] : "rows,trial,group").split(","));
        int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        if (workloads.contains("W2")) {
            Dataset d = regression(500_000, 16, 1);
            Experiment e = experiment("linear", d, 50, 0, null);
            long t0 = System.nanoTime();
            e.gram();
            System.out.printf(Locale.ROOT, "W2   Gram statistics (once per sweep, cold): %.0f ms%n",
                    (System.nanoTime() - t0) / 1e6);
            for (String r : routes) bench("W2", r, e, trials(16), jobs, reps, warmups);
        }
        if (workloads.contains("W2b")) {
            Dataset d = binary(500_000, 16, 2);
            Experiment e = experiment("logistic", d, 50, 0, null);
            for (String r : routes) bench("W2b", r, e, trials(16), jobs, reps, warmups);
        }
        if (workloads.contains("W3")) {
            Dataset d = regression(100_000, 16, 3);
            Experiment e = experiment("mlp(hidden=32)", d, 1, 128, 5);
            for (String r : routes) bench("W3", r, e, trials(8), jobs, reps, warmups);
        }
    }

    private static void bench(String name, String route, Experiment e, List<Trial> trials, int jobs, int reps,
                              int warmups) {
        int steps = e.steps(trials.get(0));
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        SweepResult last = null;
        for (int w = 0; w < warmups; w++) sweep(route, e, trials, jobs);
        for (int r = 0; r < reps; r++) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            last = sweep(route, e, trials, jobs);
            wall[r] = (System.nanoTime() - t0) / 1e6;
            cpu[r] = (cpuNanos() - c0) / 1e6;
        }
        double w = median(wall);
        double c = median(cpu);
        System.out.printf(Locale.ROOT, "%-4s %-5s jobs=%d  wall %8.1f ms  cpu %8.1f ms  per trial-step %8.1f us  "
                        + "runs %s  check %.17g%n", name, route, jobs, w, c, w * 1000 / ((double) trials.size() * steps),
                Arrays.toString(Arrays.stream(wall).mapToLong(Math::round).toArray()),
                last.outcomes().get(trials.size() / 2).finalLoss());
    }

    private static SweepResult sweep(String route, Experiment e, List<Trial> trials, int jobs) {
        return switch (route) {
            case "rows" -> SweepRunner.run(trials, jobs, rowsOnly(e), Double.NaN, 1e-4, false);
            case "trial" -> SweepRunner.run(trials, jobs, e::run, Double.NaN, 1e-4, false);
            case "group" -> SweepRunner.run(trials, jobs, e, Double.NaN, 1e-4, false);
            case "fused" -> SweepRunner.run(trials, jobs, fusedRowsOnly(e), Double.NaN, 1e-4, false);
            default -> throw new IllegalArgumentException("unknown route " + route);
        };
    }

    /** One trial alone with the plain model: no Gram statistics, no fused pass. */
    private static Function<Trial, TrainRun> rowsOnly(Experiment e) {
        return t -> {
            TrainConfig base = e.config();
            TrainConfig c = new TrainConfig(e.steps(t), e.batchSize(t), base.shuffle(), base.logEvery(),
                    base.clipping(), base.layerLr(), base.plateau(), base.earlyStopping(), base.compat());
            return new Trainer(e.newModel(), e.train(), e.val(), c).run(n -> t.optimizer().create(n, e.compat()),
                    t.schedule().at(e.effectiveLr(t)), t.optimizer().hasMomentum(), t.seed());
        };
    }

    /** Groups as {@code e} groups them, trained in lockstep with the plain model: no Gram statistics. */
    private static GroupTrainer fusedRowsOnly(Experiment e) {
        return new GroupTrainer() {
            @Override
            public Object groupKey(Trial trial) {
                return e.groupKey(trial);
            }

            @Override
            public List<TrainRun> trainGroup(List<Trial> group, BooleanSupplier cancelled,
                                             SweepRunner.Listener finished) {
                Trial first = group.get(0);
                TrainConfig base = e.config();
                TrainConfig c = new TrainConfig(e.steps(first), e.batchSize(first), base.shuffle(), base.logEvery(),
                        base.clipping(), base.layerLr(), base.plateau(), base.earlyStopping(), base.compat());
                List<FusedTrainer.Member> members = new ArrayList<>();
                for (Trial t : group) {
                    members.add(new FusedTrainer.Member(n -> t.optimizer().create(n, e.compat()),
                            t.schedule().at(e.effectiveLr(t)), t.optimizer().hasMomentum()));
                }
                return new FusedTrainer(e.newModel(), e.train(), e.val(), c).run(members, first.seed(), cancelled,
                        (i, r) -> finished.finished(group.get(i), r));
            }
        };
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static List<Trial> trials(int count) {
        return TrialList.cross(new Distribution.LogUniform(1e-3, 1e-1).grid(count),
                List.of(OptimizerSpec.parse("sgd")), List.of(ScheduleSpec.parse("constant")), new int[] {0},
                new long[] {7});
    }

    private static Experiment experiment(String model, Dataset d, int steps, int batch, Integer epochs) {
        TrainConfig c = new TrainConfig(steps, batch, batch > 0, 10, GradientClipping.none(), null, null, null,
                Compat.KERAS);
        return new Experiment(ModelSpec.parse(model), true, 0.0, Compat.KERAS, c, epochs, LrScaling.none(), d, null);
    }

    private static List<String> names(int k) {
        List<String> n = new ArrayList<>();
        for (int j = 0; j < k; j++) n.add("x" + (j + 1));
        return n;
    }

    /** Standard normal features, y = w·x + 1.5 + N(0, 0.5²) with w uniform in (−3, 3). */
    private static Dataset regression(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[k];
        for (int j = 0; j < k; j++) w[j] = rng.nextDouble(-3, 3);
        double[] x = new double[n * k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 1.5;
            for (int j = 0; j < k; j++) {
                double v = rng.nextGaussian();
                x[i * k + j] = v;
                s += w[j] * v;
            }
            y[i] = s + 0.5 * rng.nextGaussian();
        }
        return new Dataset(x, y, names(k), "y", "generated", null);
    }

    /** The regression features with a 0/1 target: 1 when 0.3·(w·x) plus logistic noise is positive. */
    private static Dataset binary(int n, int k, long seed) {
        Dataset r = regression(n, k, seed);
        double[] y = r.yArray().clone();
        SplittableRandom rng = new SplittableRandom(seed + 100);
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble(1e-12, 1 - 1e-12);
            y[i] = 0.3 * (y[i] - 1.5) + Math.log(u / (1 - u)) > 0 ? 1 : 0;
        }
        return new Dataset(r.xArray(), y, r.featureNames(), "y", "generated", null);
    }
}
