package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A differentiable model with its loss. Loss and gradient come from one pass over a batch of rows
 * ("fused"), which is what makes a step cost one read of the data. Parameters live in the caller's
 * {@code double[]}; an instance may keep preallocated scratch space, so it is <b>not thread-safe</b>:
 * create one per trial (see {@link ModelSpec#create}).
 *
 * <p>A batch is given as {@code rows[from..to)} (row indices into the dataset), or, when
 * {@code rows} is null, as the contiguous rows {@code from..to-1}.
 */
public interface Model {
    /** Number of parameters. */
    int paramCount();

    /** Parameter names in order, as shown in tables and JSON (a1..ak, then b for linear models). */
    List<String> paramNames();

    /** What each parameter name stands for, e.g. "a1 = x1"; one entry per parameter. */
    List<String> paramMeanings();

    /**
     * Parameters before training: zeros for linear models, a seeded He/Xavier draw for networks.
     *
     * @param rng the trial's generator (only networks draw from it)
     */
    double[] initialParams(SplittableRandom rng);

    /**
     * Mean loss over the batch (plus any L2 penalty), with its gradient written into {@code grad}.
     */
    double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] params, double[] grad);

    /** Mean loss over the batch (plus any L2 penalty), without the gradient. */
    double loss(Dataset data, int[] rows, int from, int to, double[] params);

    /**
     * Loss and gradient of several parameter vectors over the same batch: for each {@code t < count},
     * {@code losses[t] = lossAndGradient(data, rows, from, to, params[t], grads[t])}. Models that
     * override it read each row once for all {@code count} vectors, and must give every vector
     * exactly the bits the single-vector method gives (same operations in the same order), so that a
     * trial's result never depends on which other trials shared its pass. This default simply loops.
     *
     * @param params the parameter vectors; only the first {@code count} are read
     * @param grads  where the gradients go, one array per vector
     * @param losses where the losses go
     * @param count  how many vectors
     */
    default void lossAndGradientMany(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads,
                                     double[] losses, int count) {
        for (int t = 0; t < count; t++) losses[t] = lossAndGradient(data, rows, from, to, params[t], grads[t]);
    }

    /**
     * Whether {@link #lossAndGradientMany} does real sharing (one read of each row for all vectors),
     * so that trials over the same batches are worth training together. False for the default loop,
     * where grouping trials would only take parallelism away.
     */
    default boolean fusesTrials() {
        return false;
    }

    /** Loss and gradient over every row. */
    default double lossAndGradient(Dataset data, double[] params, double[] grad) {
        return lossAndGradient(data, null, 0, data.rows(), params, grad);
    }

    /** Loss over every row. */
    default double loss(Dataset data, double[] params) {
        return loss(data, null, 0, data.rows(), params);
    }

    /** Fraction of rows classified correctly, or NaN for models that do not classify. */
    default double accuracy(Dataset data, double[] params) {
        return Double.NaN;
    }

    /**
     * The fraction of the rows of the last {@link #lossAndGradient} or {@link #lossAndGradientMany}
     * call made on this thread that vector {@code t} of that call classifies right, measured at the
     * parameters its loss was computed at: what {@link #accuracy} would give for those rows, without
     * another pass over them. NaN when the model does not measure it there.
     */
    default double lastAccuracy(int t) {
        return Double.NaN;
    }

    /** Number of layers, for per-layer learning-rate multipliers (1 for single-layer models). */
    default int layers() {
        return 1;
    }

    /** The 0-based layer the parameter belongs to. */
    default int layerOf(int param) {
        return 0;
    }

    /** Whether tables should show every parameter (few, named) rather than the parameter norm. */
    default boolean tabular() {
        return paramCount() <= 8;
    }

    /** A short name for reports, e.g. "linear". */
    String name();

    /** The loss's name for reports, e.g. "mse". */
    String lossName();
}
