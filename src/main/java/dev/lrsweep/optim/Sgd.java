package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import java.util.Arrays;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum.
 *
 * <p>Keras form ({@link Compat#KERAS}): the buffer starts at 0 and holds the rate,
 * {@code m = momentum*m - lr*g}, then {@code w += m} (Nesterov: {@code w += momentum*m - lr*g}).
 * A {@code weightDecay} is decoupled and rate-scaled, {@code w -= w*wd*lr}, before the step.
 *
 * <p>PyTorch form ({@link Compat#TORCH}): {@code weightDecay} is an L2 term {@code g += wd*w};
 * with momentum the buffer is the first gradient itself (undamped), then
 * {@code buf = momentum*buf + (1-dampening)*g}; the step is {@code w -= lr*buf} (Nesterov:
 * {@code w -= lr*(g + momentum*buf)}). The two forms agree while the rate is constant and differ
 * once it changes, because Keras's buffer holds past rates and PyTorch's does not.
 */
public final class Sgd implements Optimizer {
    private static final String WHO = "sgd";

    private final int n;
    private final boolean keras;
    private final double initialMomentum;
    private final boolean nesterov;
    private final double dampening;
    private final double decoupledDecay;
    private final double l2;
    private final double[] buf;
    private double momentum;
    private boolean seeded;

    /**
     * Creates an SGD optimizer.
     *
     * @param paramCount  the number of parameters every update will see
     * @param compat      which library's form to follow
     * @param momentum    in [0, 1]; 0 for plain gradient descent
     * @param nesterov    Nesterov momentum; needs {@code momentum > 0} (and {@code dampening == 0})
     * @param dampening   PyTorch's dampening in [0, 1]; must be 0 under {@link Compat#KERAS}
     * @param weightDecay 0 for none; decoupled under Keras, L2 under PyTorch
     * @throws SpecException if a value is out of range or the combination is invalid
     */
    public Sgd(int paramCount, Compat compat, double momentum, boolean nesterov, double dampening,
            double weightDecay) {
        this.n = Checks.paramCount(WHO, paramCount);
        this.keras = compat == Compat.KERAS;
        this.initialMomentum = Checks.closedUnit(WHO, "momentum", momentum);
        this.dampening = Checks.closedUnit(WHO, "dampening", dampening);
        double wd = Checks.nonNegative(WHO, "weight_decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new SpecException(WHO + ": nesterov=true needs momentum > 0");
        }
        if (nesterov && dampening != 0) {
            throw new SpecException(WHO + ": nesterov=true needs dampening=0 (as in PyTorch)");
        }
        if (keras && dampening != 0) {
            throw new SpecException(WHO + ": 'dampening' is a PyTorch option; use --compat torch or leave it at 0");
        }
        this.nesterov = nesterov;
        this.decoupledDecay = keras ? wd : 0;
        this.l2 = keras ? 0 : wd;
        this.buf = new double[n];
        this.momentum = momentum;
    }

    @Override
    public void update(double[] params, double[] grad, double lr) {
        Checks.lengths(WHO, n, params, grad);
        if (keras) {
            updateKeras(params, grad, lr);
        } else {
            updateTorch(params, grad, lr);
        }
    }

    private void updateKeras(double[] params, double[] grad, double lr) {
        if (decoupledDecay != 0) Decay.keras(params, decoupledDecay, lr);
        double mu = momentum;
        // With momentum 0 this is w += -lr*g, bit for bit the same as w -= lr*g.
        for (int i = 0; i < n; i++) {
            double g = grad[i];
            double m = mu * buf[i] - lr * g;
            buf[i] = m;
            params[i] += nesterov ? mu * m - lr * g : m;
        }
    }

    private void updateTorch(double[] params, double[] grad, double lr) {
        double mu = momentum;
        boolean useBuffer = mu != 0;
        for (int i = 0; i < n; i++) {
            double g = l2 == 0 ? grad[i] : grad[i] + l2 * params[i];
            if (useBuffer) {
                double b = seeded ? mu * buf[i] + (1 - dampening) * g : g;
                buf[i] = b;
                g = nesterov ? g + mu * b : b;
            }
            params[i] -= lr * g;
        }
        if (useBuffer) seeded = true;
    }

    @Override
    public int vectors() {
        return 1;
    }

    @Override
    public void reset() {
        Arrays.fill(buf, 0);
        seeded = false;
        momentum = initialMomentum;
    }

    /** Sets the momentum for the next updates; it must lie in [0, 1]. */
    @Override
    public void setMomentum(double momentum) {
        this.momentum = Checks.closedUnit(WHO, "momentum", momentum);
    }
}
