package dev.lrsweep.sweep;


import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Gram;
import dev.lrsweep.model.GramLinear;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.Model;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.train.FusedTrainer;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.TrainRun;
import dev.lrsweep.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Everything a trial needs besides its own swept values: the data (shared read-only), the model
 * spec (each trial makes a fresh instance), and the loop's settings. {@link #run} and
 * {@link #trainGroup} are safe to call from several threads at once.
 *
 * <p>Two shortcuts apply without changing any result beyond rounding. A linear model trained on
 * full batches takes its loss and gradient from the dataset's {@link Gram} statistics
 * ({@link GramLinear}), computed once, on first use, and shared by every trial. And trials that
 * share batches (same batch size, step count and seed) can be trained in lockstep by
 * {@link #trainGroup}, one read of each row serving all of them, for models whose
 * {@link Model#fusesTrials()} says so.
 */
public final class Experiment implements GroupTrainer {
    /** The largest parameter count served by the Gram route (its matrix is p² doubles). */
    public static final int MAX_GRAM_PARAMS = 1024;

    private final ModelSpec model;
    private final boolean intercept;
    private final double l2;
    private final Compat compat;
    private final TrainConfig config;
    private final Integer epochs;
    private final LrScaling scaling;
    private final Dataset train;
    private final Dataset val;

    private final Object lazyLock = new Object();
    private volatile Gram gram;
    private volatile Boolean fuses;
    /** The model's parameter count; written before {@link #fuses}, read after it. */
    private int paramCount;
    /** Per optimizer spec, the vectors of the parameter count it holds. */
    private final java.util.Map<OptimizerSpec, Integer> optimizerVectors = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param model     the model spec
     * @param intercept whether linear models fit an intercept
     * @param l2        L2 penalty on weights
     * @param compat    Keras or PyTorch forms
     * @param config    the loop's settings; its steps and batch size are overridden per trial when
     *                  {@code epochs} is set or the trial has its own batch size
     * @param epochs    train for this many epochs instead of {@code config.steps()}, or null
     * @param scaling   the batch-size scaling rule applied to every swept rate
     * @param train     training rows
     * @param val       validation rows, or null
     */
    public Experiment(ModelSpec model, boolean intercept, double l2, Compat compat, TrainConfig config,
                      Integer epochs, LrScaling scaling, Dataset train, Dataset val) {
        this.model = model;
        this.intercept = intercept;
        this.l2 = l2;
        this.compat = compat;
        this.config = config;
        this.epochs = epochs;
        this.scaling = scaling;
        this.train = train;
        this.val = val;
    }

    /**
     * This experiment with logged steps keeping their parameters or only their norm (see
     * {@link TrainConfig#keepParams}); anything computed lazily is computed again.
     */
    public Experiment keepingParams(boolean keep) {
        if (keep == config.keepParams()) return this;
        return new Experiment(model, intercept, l2, compat, config.keepingParams(keep), epochs, scaling, train, val);
    }

    /** The model spec. */
    public ModelSpec model() { return model; }

    /** Whether linear models fit an intercept. */
    public boolean intercept() { return intercept; }

    /** L2 penalty on weights. */
    public double l2() { return l2; }

    /** Keras or PyTorch forms. */
    public Compat compat() { return compat; }

    /** The loop's settings (steps and batch size may be overridden per trial). */
    public TrainConfig config() { return config; }

    /** Epochs to train instead of {@code config().steps()}, or null. */
    public Integer epochs() { return epochs; }

    /** The batch-size scaling rule. */
    public LrScaling scaling() { return scaling; }

    /** Training rows. */
    public Dataset train() { return train; }

    /** Validation rows, or null. */
    public Dataset val() { return val; }

    /** A fresh model instance, as the spec makes it (for names, analysis and reports). */
    public Model newModel() {
        return model.create(train, intercept, l2);
    }

    /**
     * A fresh model instance for training this trial: {@link #newModel()}, or its Gram route when
     * {@link #usesGram} holds.
     */
    public Model newModel(Trial trial) {
        Model m = newModel();
        if (usesGram(trial) && m instanceof LinearRegression linear) return GramLinear.of(linear, gram());
        return m;
    }

    /**
     * Whether the trial trains through the Gram statistics: a linear model on full batches, with
     * more rows than parameters (else a row pass is no dearer than a step from the p×p matrix) and
     * at most {@link #MAX_GRAM_PARAMS} parameters.
     */
    public boolean usesGram(Trial trial) {
        if (!model.name().equals("linear") || batchSize(trial) != train.rows()) return false;
        int p = train.features() + (intercept ? 1 : 0);
        return p <= MAX_GRAM_PARAMS && train.rows() > p;
    }

    /**
     * The training rows' Gram statistics, computed on first use (one pass, on up to as many threads
     * as there are processors; the bits do not depend on how many) and shared by every trial.
     */
    public Gram gram() {
        Gram g = gram;
        if (g == null) {
            synchronized (lazyLock) {
                g = gram;
                if (g == null) {
                    g = Gram.of(train, intercept, Runtime.getRuntime().availableProcessors());
                    gram = g;
                }
            }
        }
        return g;
    }

    /** The effective batch size for a trial: its own, else the experiment's; full batch as the row count. */
    public int batchSize(Trial trial) {
        int b = trial.batchSize() > 0 ? trial.batchSize() : config.batchSize();
        return b <= 0 || b >= train.rows() ? train.rows() : b;
    }

    /** The number of updates a trial runs. */
    public int steps(Trial trial) {
        if (epochs == null) return config.steps();
        int b = batchSize(trial);
        long s = (long) epochs * ((train.rows() + b - 1) / b);
        return (int) Math.min(Integer.MAX_VALUE - 8, s);
    }

    /** The rate a trial's schedule starts from: its swept rate times the batch-size scaling. */
    public double effectiveLr(Trial trial) {
        return trial.lr() * scaling.factor(batchSize(trial));
    }

    /**
     * A trial's schedule: from its effective rate, with the absolute rates in the schedule's spec
     * (a cyclic max, a warm-up target, an end rate) scaled by the same batch-size factor.
     */
    public dev.lrsweep.schedule.Schedule schedule(Trial trial) {
        return trial.schedule().at(effectiveLr(trial), scaling.factor(batchSize(trial)));
    }

    /** Trains one trial from scratch. */
    public TrainRun run(Trial trial) {
        return run(trial, () -> false);
    }

    /** Trains one trial from scratch, stopping (interrupted) as soon as {@code cancelled} says so. */
    public TrainRun run(Trial trial, BooleanSupplier cancelled) {
        return new Trainer(newModel(trial), train, val, config(trial)).run(n -> trial.optimizer().create(n, compat),
                schedule(trial), trial.optimizer().hasMomentum(), trial.seed(), cancelled);
    }

    /**
     * Trials that see the same batches in the same order: same effective batch size, step count
     * and seed. Null (train alone) when the model's fused pass shares nothing.
     */
    @Override
    public Object groupKey(Trial trial) {
        if (!fuses()) return null;
        return new GroupKey(batchSize(trial), steps(trial), trial.seed());
    }

    /**
     * What trials trained together have in common. equals and hashCode are written out: a record's
     * generated ones are linked at their first call through method handles, ~50 ms of a short
     * run's start-up (the reference experiment's whole training takes about as long).
     */
    private record GroupKey(int batchSize, int steps, long seed) {
        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey k && k.batchSize == batchSize && k.steps == steps && k.seed == seed;
        }

        @Override
        public int hashCode() {
            return (31 * batchSize + steps) * 31 + Long.hashCode(seed);
        }
    }

    private boolean fuses() {
        probe();
        return fuses;
    }

    /** Learns from one model instance, made once, whether it fuses trials and how many parameters it has. */
    private void probe() {
        if (fuses == null) {
            synchronized (lazyLock) {
                if (fuses == null) {
                    Model m = newModel();
                    paramCount = m.paramCount();
                    fuses = m.fusesTrials();
                }
            }
        }
    }

    /**
     * The parameters, their gradient, the optimizer's vectors ({@link Optimizer#vectors}), the best
     * ones kept for early stopping, the per-layer buffers, the final copy; and the run's history
     * ({@link #keptBytes}).
     */
    @Override
    public long runningBytes(Trial trial) {
        probe();
        int held = 2 + optimizerVectors(trial.optimizer()) + 1 + (config.earlyStopping() != null ? 1 : 0)
                + (config.layerLr() != null ? 2 : 0);
        return held * vectorBytes() + historyBytes(trial);
    }

    /** The final parameters and the run's history: its losses and logged steps (with copies of the parameters when kept). */
    @Override
    public long keptBytes(Trial trial) {
        probe();
        return vectorBytes() + historyBytes(trial);
    }

    /** The model's parameter count. */
    public int paramCount() {
        probe();
        return paramCount;
    }

    /** A double array of the parameter count, header included. */
    private long vectorBytes() {
        return 8L * paramCount + 16;
    }

    /**
     * A loss per step, and per logged step (one per table row, {@code steps / logEvery + 2} at most)
     * about 80 bytes of record and list, plus a copy of the parameters when kept.
     */
    private long historyBytes(Trial trial) {
        long steps = steps(trial);
        long logged = steps / config.logEvery() + 2;
        return 8 * (steps + 2) + 16 + logged * (80 + (config.keepParams() ? vectorBytes() : 0));
    }

    /** Vectors of the parameter count the optimizer holds, from an instance for one parameter. */
    private int optimizerVectors(OptimizerSpec spec) {
        return optimizerVectors.computeIfAbsent(spec, o -> o.create(1, compat).vectors());
    }

    /**
     * Trains trials with equal {@link #groupKey}s in lockstep ({@link FusedTrainer}); each run is
     * the one {@link #run(Trial, BooleanSupplier)} gives, bit for bit, apart from its timing.
     *
     * @throws IllegalArgumentException if the trials do not share batches
     */
    @Override
    public List<TrainRun> trainGroup(List<Trial> group, BooleanSupplier cancelled, SweepRunner.Listener finished) {
        if (group.isEmpty()) return List.of();
        Trial first = group.get(0);
        Object key = groupKey(first);
        List<FusedTrainer.Member> members = new ArrayList<>(group.size());
        for (Trial t : group) {
            if (group.size() > 1 && (key == null || !key.equals(groupKey(t)))) {
                throw new IllegalArgumentException("trials " + first.id() + " and " + t.id() + " do not share batches");
            }
            members.add(new FusedTrainer.Member(n -> t.optimizer().create(n, compat),
                    schedule(t), t.optimizer().hasMomentum()));
        }
        return new FusedTrainer(newModel(first), train, val, config(first))
                .run(members, first.seed(), cancelled, (i, r) -> finished.finished(group.get(i), r));
    }

    /** The loop's settings for a trial: its own step count and batch size. */
    private TrainConfig config(Trial trial) {
        return new TrainConfig(steps(trial), batchSize(trial), config.shuffle(), config.logEvery(),
                config.clipping(), config.layerLr(), config.plateau(), config.earlyStopping(), config.compat(),
                config.keepParams());
    }

    @Override
    public String toString() {
        return "Experiment[model=" + model + ", intercept=" + intercept + ", l2=" + l2 + ", compat=" + compat
                + ", epochs=" + epochs + ", rows=" + train.rows() + ", val=" + (val == null ? 0 : val.rows()) + "]";
    }
}
