package dev.lrsweep.train;

import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.spec.Compat;
import java.util.Objects;

/**
 * How to train one trial, apart from the model, data, optimizer and schedule.
 *
 * @param steps         number of optimizer updates
 * @param batchSize     rows per update; 0 (or at least the row count) means full batch
 * @param shuffle       reshuffle the rows at the start of every epoch (mini-batches only)
 * @param logEvery      a table row every this many steps, and at the last step
 * @param clipping      gradient clipping applied before every update
 * @param layerLr       per-layer learning-rate multipliers, one per model layer, or null
 * @param plateau       the {@code --reduce-on-plateau} key=value text, or null
 * @param earlyStopping the {@code --early-stopping} key=value text, or null
 * @param compat        Keras (default) or PyTorch rules for the callbacks
 * @param keepParams    copy the parameters into every logged step (else only their norm is kept:
 *                      see {@link LoggedStep#params})
 */
public record TrainConfig(int steps, int batchSize, boolean shuffle, int logEvery, GradientClipping clipping,
                          double[] layerLr, String plateau, String earlyStopping, Compat compat, boolean keepParams) {
    /** Validates the ranges. */
    public TrainConfig {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (logEvery < 1) throw new IllegalArgumentException("log-every must be at least 1, got " + logEvery);
        if (batchSize < 0) throw new IllegalArgumentException("batch size must be >= 0, got " + batchSize);
        Objects.requireNonNull(clipping, "clipping");
        Objects.requireNonNull(compat, "compat");
    }

    /** A configuration whose logged steps keep their parameters. */
    public TrainConfig(int steps, int batchSize, boolean shuffle, int logEvery, GradientClipping clipping,
                       double[] layerLr, String plateau, String earlyStopping, Compat compat) {
        this(steps, batchSize, shuffle, logEvery, clipping, layerLr, plateau, earlyStopping, compat, true);
    }

    /** This configuration, with logged steps keeping their parameters or not. */
    public TrainConfig keepingParams(boolean keep) {
        return new TrainConfig(steps, batchSize, shuffle, logEvery, clipping, layerLr, plateau, earlyStopping, compat,
                keep);
    }

    /** Full-batch plain training: no clipping, no callbacks, Keras rules. */
    public static TrainConfig fullBatch(int steps, int logEvery) {
        return new TrainConfig(steps, 0, false, logEvery, GradientClipping.none(), null, null, null, Compat.KERAS);
    }
}
