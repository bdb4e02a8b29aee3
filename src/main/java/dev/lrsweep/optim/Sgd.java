package dev.lrsweep.optim;

/** Plain gradient descent: {@code w -= lr * g}. The same in Keras and PyTorch. */
public final class Sgd implements Optimizer {
    /** Plain SGD; it keeps no state. */
    public Sgd() {
        // no state
    }

    @Override
    public void update(double[] params, double[] grad, double lr) {
        for (int i = 0; i < params.length; i++) {
            params[i] -= lr * grad[i];
        }
    }

    @Override
    public void reset() {
        // no state
    }
}
