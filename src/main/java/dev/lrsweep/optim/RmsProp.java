package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;
import java.util.Arrays;

/**
 * RMSprop, optionally centered and with momentum.
 *
 * <p>Keras form: {@code v = rho*v + (1-rho)*g^2}; {@code denom = v + eps} (centered:
 * {@code v - mg^2 + eps} with {@code mg = rho*mg + (1-rho)*g}); {@code inc = lr*g / sqrt(denom)}
 * (epsilon inside the square root); with momentum {@code mom = momentum*mom + inc; w -= mom}, else
 * {@code w -= inc}. A weight decay is decoupled, {@code w -= w*wd*lr}, before the step.
 *
 * <p>PyTorch form ({@code rho} is PyTorch's {@code alpha}): {@code g += wd*w}; the same averages;
 * {@code avg = sqrt(v) + eps} (centered: {@code sqrt(v - mg^2) + eps}, epsilon outside the square
 * root); with momentum {@code buf = momentum*buf + g/avg; w -= lr*buf}, else {@code w -= lr*g/avg}.
 */
public final class RmsProp implements Optimizer {
    private static final String WHO = "rmsprop";

    private final int n;
    private final boolean keras;
    private final double rho;
    private final double initialMomentum;
    private final double epsilon;
    private final boolean centered;
    private final double decoupledDecay;
    private final double l2;
    private final double[] v;
    private final double[] mg;
    private final double[] mom;
    private double momentum;

    /**
     * Creates an RMSprop optimizer.
     *
     * @param paramCount  the number of parameters every update will see
     * @param compat      which library's form to follow
     * @param rho         the decay of the squared-gradient average (PyTorch's {@code alpha}), in [0, 1)
     * @param momentum    in [0, 1]; 0 for none
     * @param epsilon     {@code >= 0}; inside the square root (Keras) or outside (PyTorch)
     * @param centered    divide by the estimated variance instead of the raw second moment
     * @param weightDecay 0 for none; decoupled under Keras, L2 under PyTorch
     * @throws dev.lrsweep.spec.SpecException if a value is out of range
     */
    public RmsProp(int paramCount, Compat compat, double rho, double momentum, double epsilon, boolean centered,
            double weightDecay) {
        this.n = Checks.paramCount(WHO, paramCount);
        this.keras = compat == Compat.KERAS;
        this.rho = Checks.openUnit(WHO, "rho", rho);
        this.initialMomentum = Checks.closedUnit(WHO, "momentum", momentum);
        this.epsilon = Checks.nonNegative(WHO, "epsilon", epsilon);
        this.centered = centered;
        double wd = Checks.nonNegative(WHO, "weight_decay", weightDecay);
        this.decoupledDecay = keras ? wd : 0;
        this.l2 = keras ? 0 : wd;
        this.v = new double[n];
        this.mg = new double[centered ? n : 0];
        this.mom = new double[n];
        this.momentum = momentum;
    }

    @Override
    public void update(double[] params, double[] grad, double lr) {
        Checks.lengths(WHO, n, params, grad);
        if (keras && decoupledDecay != 0) Decay.keras(params, decoupledDecay, lr);
        double mu = momentum;
        double r = rho;
        for (int i = 0; i < n; i++) {
            double g = l2 == 0 ? grad[i] : grad[i] + l2 * params[i];
            double vi = r * v[i] + (1 - r) * g * g;
            v[i] = vi;
            double second = vi;
            if (centered) {
                double m = r * mg[i] + (1 - r) * g;
                mg[i] = m;
                second = vi - m * m;
            }
            if (keras) {
                double inc = lr * g / Math.sqrt(second + epsilon);
                if (mu > 0) {
                    double b = mu * mom[i] + inc;
                    mom[i] = b;
                    params[i] -= b;
                } else {
                    params[i] -= inc;
                }
            } else {
                double avg = Math.sqrt(second) + epsilon;
                if (mu > 0) {
                    double b = mu * mom[i] + g / avg;
                    mom[i] = b;
                    params[i] -= lr * b;
                } else {
                    params[i] -= lr * g / avg;
                }
            }
        }
    }

    @Override
    public int vectors() {
        return mg.length > 0 ? 3 : 2;
    }

    @Override
    public void reset() {
        Arrays.fill(v, 0);
        Arrays.fill(mg, 0);
        Arrays.fill(mom, 0);
        momentum = initialMomentum;
    }

    /** Sets the momentum for the next updates; it must lie in [0, 1]. */
    @Override
    public void setMomentum(double momentum) {
        this.momentum = Checks.closedUnit(WHO, "momentum", momentum);
    }
}
