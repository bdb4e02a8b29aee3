package dev.lrsweep.model;

/** The L2 penalty {@code l2·Σw²} over a range of parameters, as Keras's kernel regularizer. */
final class L2 {
    private L2() {
    }

    /**
     * {@code l2·Σ params[j]²} for j in [from, to), adding its gradient {@code 2·l2·params[j]} into
     * {@code grad} when it is given.
     */
    static double penalty(double l2, double[] params, double[] grad, int from, int to) {
        if (l2 == 0.0) return 0.0;
        double s = 0.0;
        for (int j = from; j < to; j++) {
            s += params[j] * params[j];
            if (grad != null) grad[j] += 2 * l2 * params[j];
        }
        return l2 * s;
    }
}
