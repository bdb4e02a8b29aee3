package dev.lrsweep.train;

/**
 * One table row and history entry: the loss measured before update {@code step} and the
 * parameters after it (the reference experiment's convention: one fused "loss and gradient at θ,
 * then update" pass). Values that do not apply are NaN.
 *
 * @param step        1-based update number
 * @param epoch       0-based epoch the step belongs to
 * @param lr          the learning rate used by this update
 * @param loss        loss of the step's batch at the parameters before the update
 * @param valLoss     validation loss at the parameters after the update, or NaN
 * @param accuracy    training accuracy at the parameters the loss was taken at, before the update
 *                    (classifiers), or NaN
 * @param valAccuracy validation accuracy after the update (classifiers), or NaN
 * @param params      parameters after the update (a copy), or null when the run keeps only their
 *                    norm (no table, CSV or JSON shows them: a network's thousands of parameters
 *                    at every logged step would take more memory than the data)
 * @param paramNorm   Euclidean norm of the parameters after the update ({@link #norm})
 */
public record LoggedStep(int step, int epoch, double lr, double loss, double valLoss, double accuracy,
                         double valAccuracy, double[] params, double paramNorm) {
    /** A step with its parameters kept; the norm is taken from them. */
    public LoggedStep(int step, int epoch, double lr, double loss, double valLoss, double accuracy,
                      double valAccuracy, double[] params) {
        this(step, epoch, lr, loss, valLoss, accuracy, valAccuracy, params, norm(params));
    }

    /**
     * A step at {@code params} (the trainer's live vector, copied here when {@code keep}, else only
     * its norm is taken).
     */
    public static LoggedStep at(int step, int epoch, double lr, double loss, double valLoss, double accuracy,
                                double valAccuracy, double[] params, boolean keep) {
        return new LoggedStep(step, epoch, lr, loss, valLoss, accuracy, valAccuracy, keep ? params.clone() : null,
                norm(params));
    }

    /**
     * Euclidean norm of {@code p}: {@code sqrt(Σ p²)}, and where the squares overflow although
     * every value is finite, the same scaled by the largest magnitude (so a finite vector has a
     * finite norm up to about 1.8e308).
     */
    public static double norm(double[] p) {
        double s = 0;
        for (double v : p) s += v * v;
        if (!Double.isInfinite(s)) return Math.sqrt(s);
        double m = 0;
        for (double v : p) m = Math.max(m, Math.abs(v));
        if (Double.isInfinite(m)) return m;
        double t = 0;
        for (double v : p) {
            double r = v / m;
            t += r * r;
        }
        return m * Math.sqrt(t);
    }
}
