package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;
import java.util.Arrays;

/**
 * Adam, optionally AMSGrad. With the 1-based step {@code t}, both forms keep
 * {@code m = b1*m + (1-b1)*g} and {@code v = b2*v + (1-b2)*g^2} (AMSGrad uses the running maximum
 * of {@code v}); they differ in where epsilon goes.
 *
 * <p>Keras form: {@code alpha = lr*sqrt(1-b2^t)/(1-b1^t); w -= m*alpha / (sqrt(v) + eps)}, epsilon
 * added to the <em>uncorrected</em> {@code sqrt(v)}. A weight decay is decoupled,
 * {@code w -= w*wd*lr}, before the step (which is what Keras's AdamW is).
 *
 * <p>PyTorch form: {@code g += wd*w} (L2, coupled);
 * {@code w -= (lr/(1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}, epsilon added to the
 * <em>bias-corrected</em> {@code sqrt(v)}. For PyTorch's decoupled AdamW see {@link AdamW}.
 *
 * <p>The bias corrections use the current {@code beta_1}, so a schedule that drives it through
 * {@link #setMomentum} behaves as in both libraries.
 */
public final class Adam implements Optimizer {
    private static final String WHO = "adam";

    private final int n;
    private final boolean keras;
    private final double initialBeta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;
    private final double decoupledDecay;
    private final double l2;
    private final double[] m;
    private final double[] v;
    private final double[] vMax;
    private double beta1;
    private long t;

    /**
     * Creates an Adam optimizer.
     *
     * @param paramCount  the number of parameters every update will see
     * @param compat      which library's form to follow
     * @param beta1       the first-moment decay, in [0, 1)
     * @param beta2       the second-moment decay, in [0, 1)
     * @param epsilon     {@code >= 0}; see the class comment for where it is added
     * @param amsgrad     use the running maximum of the second moment
     * @param weightDecay 0 for none; decoupled under Keras, L2 under PyTorch
     * @throws dev.lrsweep.spec.SpecException if a value is out of range
     */
    public Adam(int paramCount, Compat compat, double beta1, double beta2, double epsilon, boolean amsgrad,
            double weightDecay) {
        this.n = Checks.paramCount(WHO, paramCount);
        this.keras = compat == Compat.KERAS;
        this.initialBeta1 = Checks.openUnit(WHO, "beta_1", beta1);
        this.beta2 = Checks.openUnit(WHO, "beta_2", beta2);
        this.epsilon = Checks.nonNegative(WHO, "epsilon", epsilon);
        this.amsgrad = amsgrad;
        double wd = Checks.nonNegative(WHO, "weight_decay", weightDecay);
        this.decoupledDecay = keras ? wd : 0;
        this.l2 = keras ? 0 : wd;
        this.m = new double[n];
        this.v = new double[n];
        this.vMax = new double[amsgrad ? n : 0];
        this.beta1 = beta1;
    }

    @Override
    public void update(double[] params, double[] grad, double lr) {
        Checks.lengths(WHO, n, params, grad);
        t++;
        double b1 = beta1;
        double b2 = beta2;
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        if (keras) {
            if (decoupledDecay != 0) Decay.keras(params, decoupledDecay, lr);
            double alpha = lr * Math.sqrt(bc2) / bc1;
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                double mi = m[i] + (g - m[i]) * (1 - b1);
                double vi = v[i] + (g * g - v[i]) * (1 - b2);
                m[i] = mi;
                v[i] = vi;
                if (amsgrad) {
                    vi = Math.max(vMax[i], vi);
                    vMax[i] = vi;
                }
                params[i] -= mi * alpha / (Math.sqrt(vi) + epsilon);
            }
        } else {
            double stepSize = lr / bc1;
            double bc2Sqrt = Math.sqrt(bc2);
            for (int i = 0; i < n; i++) {
                double g = l2 == 0 ? grad[i] : grad[i] + l2 * params[i];
                double mi = b1 * m[i] + (1 - b1) * g;
                double vi = b2 * v[i] + (1 - b2) * g * g;
                m[i] = mi;
                v[i] = vi;
                if (amsgrad) {
                    vi = Math.max(vMax[i], vi);
                    vMax[i] = vi;
                }
                params[i] -= stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + epsilon);
            }
        }
    }

    @Override
    public int vectors() {
        return vMax.length > 0 ? 3 : 2;
    }

    @Override
    public void reset() {
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        Arrays.fill(vMax, 0);
        t = 0;
        beta1 = initialBeta1;
    }

    /** Sets {@code beta_1} for the next updates; it must lie in [0, 1). */
    @Override
    public void setMomentum(double momentum) {
        this.beta1 = Checks.openUnit(WHO, "beta_1", momentum);
    }
}
