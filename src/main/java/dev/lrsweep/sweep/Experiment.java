package dev.lrsweep.sweep;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.TrainRun;
import dev.lrsweep.train.Trainer;

/**
 * Everything a trial needs besides its own rate and seed: the data (shared read-only), the model,
 * optimizer and schedule specs (each trial makes fresh instances), and the loop's settings.
 * {@link #run} is safe to call from several threads at once.
 *
 * @param model     the model spec
 * @param intercept whether linear models fit an intercept
 * @param l2        L2 penalty on weights
 * @param optimizer the optimizer spec
 * @param schedule  the schedule spec; the trial's rate is its initial (or peak) rate
 * @param compat    Keras or PyTorch forms
 * @param config    the training loop's settings
 * @param lrScale   the batch-size scaling factor applied to every swept rate (1 for none)
 * @param train     training rows
 * @param val       validation rows, or null
 */
public record Experiment(ModelSpec model, boolean intercept, double l2, OptimizerSpec optimizer, ScheduleSpec schedule,
                         Compat compat, TrainConfig config, double lrScale, Dataset train, Dataset val) {

    /** A fresh model instance, for naming parameters in reports. */
    public Model newModel() {
        return model.create(train, intercept, l2);
    }

    /** Trains one trial from scratch. */
    public TrainRun run(Trial trial) {
        Model m = newModel();
        return new Trainer(m, train, val, config).run(n -> optimizer.create(n, compat),
                schedule.at(trial.lr() * lrScale), optimizer.hasMomentum(), trial.seed());
    }
}
