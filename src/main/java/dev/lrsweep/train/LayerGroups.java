package dev.lrsweep.train;

import dev.lrsweep.model.Model;
import dev.lrsweep.optim.Optimizer;
import java.util.function.IntFunction;

/**
 * Parameter groups with their own learning-rate multiplier and optimizer state, as PyTorch's
 * param groups (discriminative learning rates). Without multipliers there is one group holding
 * every parameter and updates go straight to the optimizer.
 */
final class LayerGroups {
    private final int[] starts;
    private final int[] ends;
    private final double[] multipliers;
    private final Optimizer[] optimizers;
    private final double[][] pbuf;
    private final double[][] gbuf;

    private LayerGroups(int[] starts, int[] ends, double[] multipliers, Optimizer[] optimizers) {
        this.starts = starts;
        this.ends = ends;
        this.multipliers = multipliers;
        this.optimizers = optimizers;
        boolean single = optimizers.length == 1;
        this.pbuf = new double[optimizers.length][];
        this.gbuf = new double[optimizers.length][];
        if (!single) {
            for (int g = 0; g < optimizers.length; g++) {
                pbuf[g] = new double[ends[g] - starts[g]];
                gbuf[g] = new double[ends[g] - starts[g]];
            }
        }
    }

    static LayerGroups of(Model model, double[] layerLr, IntFunction<Optimizer> optimizers) {
        int p = model.paramCount();
        if (layerLr == null) {
            return new LayerGroups(new int[] {0}, new int[] {p}, new double[] {1.0},
                    new Optimizer[] {optimizers.apply(p)});
        }
        int layers = model.layers();
        if (layerLr.length != layers) {
            throw new IllegalArgumentException("--layer-lr: the model has " + layers + " layer(s), got "
                    + layerLr.length + " multiplier(s)");
        }
        int[] starts = new int[layers];
        int[] ends = new int[layers];
        int prev = 0;
        starts[0] = 0;
        for (int i = 0; i < p; i++) {
            int l = model.layerOf(i);
            if (l < prev || l > prev + 1) throw new IllegalStateException("layers are not contiguous at " + i);
            if (l != prev) {
                ends[prev] = i;
                starts[l] = i;
                prev = l;
            }
        }
        ends[prev] = p;
        Optimizer[] opts = new Optimizer[layers];
        for (int l = 0; l < layers; l++) opts[l] = optimizers.apply(ends[l] - starts[l]);
        return new LayerGroups(starts, ends, layerLr.clone(), opts);
    }

    void setMomentum(double m) {
        for (Optimizer o : optimizers) o.setMomentum(m);
    }

    void update(double[] params, double[] grad, double lr) {
        if (optimizers.length == 1) {
            optimizers[0].update(params, grad, lr * multipliers[0]);
            return;
        }
        for (int g = 0; g < optimizers.length; g++) {
            int len = ends[g] - starts[g];
            System.arraycopy(params, starts[g], pbuf[g], 0, len);
            System.arraycopy(grad, starts[g], gbuf[g], 0, len);
            optimizers[g].update(pbuf[g], gbuf[g], lr * multipliers[g]);
            System.arraycopy(pbuf[g], 0, params, starts[g], len);
        }
    }
}
