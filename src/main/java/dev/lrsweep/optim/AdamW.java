package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;

/**
 * Adam with decoupled, rate-scaled weight decay applied before the Adam step: Keras
 * {@code w -= w*wd*lr}, PyTorch {@code w *= 1 - lr*wd}. The Adam step itself follows
 * {@link Adam} for the same {@link Compat} (epsilon placement) and has no L2 term.
 * Library defaults for {@code weight_decay}: Keras 0.004, PyTorch 0.01.
 */
public final class AdamW implements Optimizer {
    private static final String WHO = "adamw";

    private final int n;
    private final boolean keras;
    private final double weightDecay;
    private final Adam adam;

    /**
     * Creates an AdamW optimizer.
     *
     * @param paramCount  the number of parameters every update will see
     * @param compat      which library's form to follow
     * @param weightDecay the decoupled decay, {@code >= 0}
     * @param beta1       the first-moment decay, in [0, 1)
     * @param beta2       the second-moment decay, in [0, 1)
     * @param epsilon     {@code >= 0}; placed as in {@link Adam}
     * @param amsgrad     use the running maximum of the second moment
     * @throws dev.lrsweep.spec.SpecException if a value is out of range
     */
    public AdamW(int paramCount, Compat compat, double weightDecay, double beta1, double beta2, double epsilon,
            boolean amsgrad) {
        this.n = Checks.paramCount(WHO, paramCount);
        this.keras = compat == Compat.KERAS;
        this.weightDecay = Checks.nonNegative(WHO, "weight_decay", weightDecay);
        Checks.openUnit(WHO, "beta_1", beta1);
        Checks.openUnit(WHO, "beta_2", beta2);
        Checks.nonNegative(WHO, "epsilon", epsilon);
        this.adam = new Adam(paramCount, compat, beta1, beta2, epsilon, amsgrad, 0);
    }

    @Override
    public void update(double[] params, double[] grad, double lr) {
        Checks.lengths(WHO, n, params, grad);
        if (weightDecay != 0) {
            if (keras) {
                Decay.keras(params, weightDecay, lr);
            } else {
                Decay.torch(params, weightDecay, lr);
            }
        }
        adam.update(params, grad, lr);
    }

    @Override
    public int vectors() {
        return adam.vectors();
    }

    @Override
    public void reset() {
        adam.reset();
    }

    /** Sets {@code beta_1} for the next updates; it must lie in [0, 1). */
    @Override
    public void setMomentum(double momentum) {
        adam.setMomentum(Checks.openUnit(WHO, "beta_1", momentum));
    }
}
