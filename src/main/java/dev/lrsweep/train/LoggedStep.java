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
 * @param params      parameters after the update (a copy)
 */
public record LoggedStep(int step, int epoch, double lr, double loss, double valLoss, double accuracy,
                         double valAccuracy, double[] params) {
    /** Euclidean norm of the parameters. */
    public double paramNorm() {
        double s = 0;
        for (double p : params) s += p * p;
        return Math.sqrt(s);
    }
}
