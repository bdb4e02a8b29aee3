package dev.lrsweep.sweep;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.TrainRun;
import dev.lrsweep.train.Trainer;

/**
 * Everything a trial needs besides its own swept values: the data (shared read-only), the model
 * spec (each trial makes a fresh instance), and the loop's settings. {@link #run} is safe to call
 * from several threads at once.
 *
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
public record Experiment(ModelSpec model, boolean intercept, double l2, Compat compat, TrainConfig config,
                         Integer epochs, LrScaling scaling, Dataset train, Dataset val) {

    /** A fresh model instance. */
    public Model newModel() {
        return model.create(train, intercept, l2);
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

    /** Trains one trial from scratch. */
    public TrainRun run(Trial trial) {
        return run(trial, () -> false);
    }

    /** Trains one trial from scratch, stopping (interrupted) as soon as {@code cancelled} says so. */
    public TrainRun run(Trial trial, java.util.function.BooleanSupplier cancelled) {
        TrainConfig c = new TrainConfig(steps(trial), batchSize(trial), config.shuffle(), config.logEvery(),
                config.clipping(), config.layerLr(), config.plateau(), config.earlyStopping(), config.compat());
        return new Trainer(newModel(), train, val, c).run(n -> trial.optimizer().create(n, compat),
                trial.schedule().at(effectiveLr(trial)), trial.optimizer().hasMomentum(), trial.seed(), cancelled);
    }
}
