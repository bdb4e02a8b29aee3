package dev.lrsweep.train;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.optim.Optimizer;
import java.util.SplittableRandom;

/**
 * One training run driven step by step from outside, as the LR range test needs: each call takes
 * the next batch, measures its loss and gradient at θ, and updates θ at the rate it is given.
 * Initial parameters and batch order derive from the seed exactly as in {@link Trainer}. Not
 * thread-safe; allocation-free per step.
 */
public final class Stepper {
    private final Model model;
    private final Dataset data;
    private final Optimizer optimizer;
    private final GradientClipping clipping;
    private final Batches batches;
    private final double[] params;
    private final double[] grad;
    private int k;

    /**
     * @param model     a model instance for this run only
     * @param data      the training rows
     * @param optimizer a fresh optimizer sized for the model
     * @param clipping  gradient clipping before every update
     * @param batchSize rows per step (0 = full batch)
     * @param shuffle   reshuffle every epoch
     * @param seed      initial parameters and batch order derive from it
     */
    public Stepper(Model model, Dataset data, Optimizer optimizer, GradientClipping clipping, int batchSize,
                   boolean shuffle, long seed) {
        this.model = model;
        this.data = data;
        this.optimizer = optimizer;
        this.clipping = clipping;
        SplittableRandom base = new SplittableRandom(seed);
        this.params = model.initialParams(base.split());
        this.grad = new double[params.length];
        this.batches = new Batches(data.rows(), batchSize, shuffle, base.split());
    }

    /**
     * One update at rate {@code lr}.
     *
     * @return the batch's loss at the parameters before the update (non-finite losses are returned
     *         without updating)
     */
    public double step(double lr) {
        k++;
        batches.begin(k);
        double loss = model.lossAndGradient(data, batches.order(), batches.from(k), batches.to(k), params, grad);
        if (!Double.isFinite(loss)) return loss;
        clipping.apply(grad);
        optimizer.update(params, grad, lr);
        return loss;
    }

    /** Rows per batch actually used. */
    public int batchSize() {
        return batches.size();
    }
}
