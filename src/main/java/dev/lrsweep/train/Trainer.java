package dev.lrsweep.train;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-batch training loop: for each step, loss and gradient at θ in one pass, then the update.
 * A run stops at the first non-finite loss. Everything the loop touches is allocated before it
 * starts, apart from the copies kept for logged rows.
 */
public final class Trainer {
    private Trainer() {
    }

    /**
     * Trains from the model's initial parameters.
     *
     * @param optimizer a fresh optimizer for this run (it is stateful)
     * @param schedule  gives the rate for update k (1-based) as {@code valueAt(k-1)}
     */
    public static TrainRun train(Model model, Dataset data, Optimizer optimizer, Schedule schedule, TrainConfig config) {
        long start = System.nanoTime();
        double[] params = model.initialParams(new java.util.SplittableRandom(0));
        double[] grad = new double[params.length];
        double[] losses = new double[config.steps() + 1];
        List<LoggedStep> logged = new ArrayList<>(config.steps() / config.logEvery() + 1);
        int k = 1;
        for (; k <= config.steps(); k++) {
            double loss = model.lossAndGradient(data, params, grad);
            losses[k - 1] = loss;
            if (!Double.isFinite(loss)) {
                return finish(losses, k - 1, true, logged, params, start);
            }
            double lr = schedule.valueAt(k - 1);
            optimizer.update(params, grad, lr);
            if (k % config.logEvery() == 0 || k == config.steps()) {
                logged.add(new LoggedStep(k, lr, loss, params.clone()));
            }
        }
        double last = model.loss(data, params);
        losses[config.steps()] = last;
        return finish(losses, config.steps(), !Double.isFinite(last), logged, params, start);
    }

    private static TrainRun finish(double[] losses, int updates, boolean nonFinite, List<LoggedStep> logged,
                                   double[] params, long start) {
        double[] kept = losses.length == updates + 1 ? losses : java.util.Arrays.copyOf(losses, updates + 1);
        return new TrainRun(kept, updates, nonFinite, List.copyOf(logged), params, System.nanoTime() - start);
    }
}
