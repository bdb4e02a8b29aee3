package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.List;

/**
 * A differentiable model with its loss. Stateless and thread-safe: parameters live in the caller's
 * {@code double[]}, so one instance serves every trial. Loss and gradient come from one pass over
 * the rows ("fused"), which is what makes a step cost one read of the data.
 */
public interface Model {
    /** Number of parameters. */
    int paramCount();

    /** Parameter names in order, as shown in tables and JSON (a1..ak, then b for an intercept). */
    List<String> paramNames();

    /** What each parameter name stands for, e.g. "a1 = x1"; one entry per parameter. */
    List<String> paramMeanings();

    /** Parameters before training (zeros for linear models). */
    double[] initialParams();

    /**
     * Loss at {@code params} over all rows, and its gradient written into {@code grad}.
     *
     * @return the mean loss over the rows
     */
    double lossAndGradient(Dataset data, double[] params, double[] grad);

    /** Loss at {@code params} over all rows, without the gradient. */
    double loss(Dataset data, double[] params);

    /** A short name for reports, e.g. "linear". */
    String name();

    /** The loss's name for reports, e.g. "mse". */
    String lossName();
}
