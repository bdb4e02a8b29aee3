package dev.lrsweep.train;

/**
 * One table row: the loss measured before update {@code step} and the parameters after it (the
 * reference experiment's convention: one fused "loss and gradient at θ, then update" pass).
 *
 * @param step   1-based update number
 * @param lr     the learning rate used by this update
 * @param loss   loss at the parameters before the update
 * @param params parameters after the update (a copy)
 */
public record LoggedStep(int step, double lr, double loss, double[] params) {
}
