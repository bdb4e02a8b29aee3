package dev.lrsweep.optim;

/** The two decoupled weight-decay forms; both allocation-free. */
final class Decay {
    private Decay() {
    }

    /** Keras's base-optimizer form, applied before the update step: {@code w = w - w*wd*lr}. */
    static void keras(double[] params, double wd, double lr) {
        for (int i = 0; i < params.length; i++) {
            double w = params[i];
            params[i] = w - w * wd * lr;
        }
    }

    /** PyTorch AdamW's form, applied before the Adam step: {@code w *= 1 - lr*wd}. */
    static void torch(double[] params, double wd, double lr) {
        double f = 1 - lr * wd;
        for (int i = 0; i < params.length; i++) {
            params[i] *= f;
        }
    }
}
