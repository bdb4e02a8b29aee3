package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import java.util.Arrays;

/**
 * Adagrad: a per-parameter rate shrinking with the sum of squared gradients.
 *
 * <p>Keras form: {@code acc += g^2; w -= lr*g / sqrt(acc + eps)} (epsilon inside the square root);
 * Keras's defaults are {@code initial_accumulator_value=0.1, epsilon=1e-7}. A weight decay is
 * decoupled, {@code w -= w*wd*lr}, before the step.
 *
 * <p>PyTorch form: {@code g += wd*w; clr = lr / (1 + (t-1)*lr_decay); acc += g^2;
 * w -= clr*g / (sqrt(acc) + eps)} with the 1-based step {@code t} (epsilon outside the square root);
 * PyTorch's defaults are {@code initial_accumulator_value=0, eps=1e-10, lr_decay=0}.
 */
public final class Adagrad implements Optimizer {
    private static final String WHO = "adagrad";

    private final int n;
    private final boolean keras;
    private final double initialAccumulator;
    private final double epsilon;
    private final double lrDecay;
    private final double decoupledDecay;
    private final double l2;
    private final double[] acc;
    private long t;

    /**
     * Creates an Adagrad optimizer.
     *
     * @param paramCount         the number of parameters every update will see
     * @param compat             which library's form to follow
     * @param initialAccumulator the starting value of every accumulator, {@code >= 0}
     * @param epsilon            {@code >= 0}; inside the square root (Keras) or outside (PyTorch)
     * @param lrDecay            PyTorch's {@code lr_decay}, {@code >= 0}; must be 0 under Keras
     * @param weightDecay        0 for none; decoupled under Keras, L2 under PyTorch
     * @throws SpecException if a value is out of range
     */
    public Adagrad(int paramCount, Compat compat, double initialAccumulator, double epsilon, double lrDecay,
            double weightDecay) {
        this.n = Checks.paramCount(WHO, paramCount);
        this.keras = compat == Compat.KERAS;
        this.initialAccumulator = Checks.nonNegative(WHO, "initial_accumulator_value", initialAccumulator);
        this.epsilon = Checks.nonNegative(WHO, "epsilon", epsilon);
        this.lrDecay = Checks.nonNegative(WHO, "lr_decay", lrDecay);
        double wd = Checks.nonNegative(WHO, "weight_decay", weightDecay);
        if (keras && lrDecay != 0) {
            throw new SpecException(WHO + ": 'lr_decay' is a PyTorch option; use --compat torch or leave it at 0");
        }
        this.decoupledDecay = keras ? wd : 0;
        this.l2 = keras ? 0 : wd;
        this.acc = new double[n];
        Arrays.fill(acc, initialAccumulator);
    }

    @Override
    public void update(double[] params, double[] grad, double lr) {
        Checks.lengths(WHO, n, params, grad);
        if (keras) {
            if (decoupledDecay != 0) Decay.keras(params, decoupledDecay, lr);
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                double a = acc[i] + g * g;
                acc[i] = a;
                params[i] -= lr * g / Math.sqrt(a + epsilon);
            }
        } else {
            t++;
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int i = 0; i < n; i++) {
                double g = l2 == 0 ? grad[i] : grad[i] + l2 * params[i];
                double a = acc[i] + g * g;
                acc[i] = a;
                params[i] -= clr * g / (Math.sqrt(a) + epsilon);
            }
        }
    }

    @Override
    public int vectors() {
        return 1;
    }

    @Override
    public void reset() {
        Arrays.fill(acc, initialAccumulator);
        t = 0;
    }
}
