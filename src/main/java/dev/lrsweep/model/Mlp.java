package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small fully connected network: {@code L} hidden layers of {@code H} units with a ReLU or tanh
 * activation, then a linear output layer. For a numeric target the output is one unit and the loss
 * the mean squared error {@code mean((ŷ − y)²)} (as {@link LinearRegression}); for class labels the
 * output is C logits and the loss the mean categorical cross-entropy (as {@link SoftmaxRegression}),
 * with accuracy by argmax. An L2 penalty {@code l2·Σ w²} applies to the weights, not the biases.
 *
 * <p>Parameters, layer by layer ({@code l = 1..L+1}): the weights as an out×in row-major matrix
 * ({@code w<l>_<unit>_<input>}, unit and input 0-based, as PyTorch's {@code weight[out][in]}), then
 * the biases ({@code b<l>_<unit>}). {@link #layerOf} maps each to its layer {@code l−1}, for
 * per-layer learning rates.
 *
 * <p>{@link #initialParams} draws every weight from the given generator in parameter order: He
 * normal, standard deviation {@code sqrt(2/fan_in)} (PyTorch's {@code kaiming_normal_}, not
 * truncated), for ReLU; Glorot uniform on {@code ±sqrt(6/(fan_in+fan_out))} for tanh. The output
 * layer is drawn the same way. Biases start at 0. Normal draws use Box–Muller on the generator's
 * {@code nextDouble()}, so they do not depend on the JDK's Gaussian algorithm.
 *
 * <p>Rows are processed in blocks of up to {@code 128} rows (fewer for very wide layers). Within a
 * block the activations and deltas are held unit by unit ({@code [unit][row]}), so the inner loops
 * run over rows, contiguous, and C2 vectorizes them; the weight gradients take a row-major copy of
 * the deltas and inputs so that their inner loops run over units. Every sum is still taken in the
 * order of the one-row-at-a-time definition (bias first, then inputs in order; gradients row by
 * row in batch order), so the results are the same bits as {@link #lossAndGradientRowByRow}, the
 * plain per-row form kept as the reference; when a block produces a non-finite loss or gradient
 * (where adding a {@code 0·∞} term that the per-row form skips could differ) the batch is redone
 * row by row. The scratch space is allocated once, when the model is made, and does not depend on
 * the batch size: the training loop allocates nothing. An instance is therefore not thread-safe:
 * one per trial, or one per group of trials trained together ({@link #lossAndGradientMany}).
 */
public final class Mlp implements Model {
    private final int hiddenLayers;
    private final boolean relu;
    private final boolean classification;
    private final double l2;
    /** Units per level: inputs, then each hidden layer, then outputs. */
    private final int[] width;
    /** Per layer, where its weights start; its biases follow them. */
    private final int[] weightStart;
    private final int paramCount;
    private final List<String> names;
    private final List<String> meanings;
    /** Scratch: {@code act[0]} the input row, {@code act[l]} layer l's output (the last: ŷ or logits). */
    private final double[][] act;
    /** Scratch: ∂loss/∂output of the layer being back-propagated, and of the layer below it. */
    private final double[] delta;
    private final double[] deltaBelow;

    /** The blocked passes (scratch space included). */
    private final MlpKernel kernel;
    /** {@link #lossAndGradient} as a pass of one vector. */
    private final double[][] one = new double[1][];
    private final double[][] oneGrad = new double[1][];
    private final double[] oneLoss = new double[1];

    private Mlp(Dataset data, int hidden, int hiddenLayers, Activation activation, boolean classification, double l2) {
        this.hiddenLayers = hiddenLayers;
        this.relu = activation == Activation.RELU;
        this.classification = classification;
        this.l2 = l2;
        int outputs = classification ? data.classes() : 1;
        this.width = new int[hiddenLayers + 2];
        width[0] = data.features();
        for (int l = 1; l <= hiddenLayers; l++) width[l] = hidden;
        width[hiddenLayers + 1] = outputs;
        this.weightStart = new int[hiddenLayers + 2];
        int p = 0;
        for (int l = 0; l <= hiddenLayers; l++) {
            weightStart[l] = p;
            p += width[l] * width[l + 1] + width[l + 1];
        }
        weightStart[hiddenLayers + 1] = p;
        this.paramCount = p;
        this.act = new double[hiddenLayers + 2][];
        int widest = 0;
        for (int l = 0; l < width.length; l++) {
            act[l] = new double[width[l]];
            widest = Math.max(widest, width[l]);
        }
        this.delta = new double[widest];
        this.deltaBelow = new double[widest];
        this.kernel = new MlpKernel(width, weightStart, relu, classification);
        // computed from the index when asked for: a network of millions of parameters would
        // otherwise hold two strings for each (hundreds of MB), made again for every trial
        List<String> features = data.featureNames();
        List<String> labels = classification ? data.classLabels() : List.of();
        this.names = new ParamList(false, width, weightStart, hiddenLayers, classification, features, labels);
        this.meanings = new ParamList(true, width, weightStart, hiddenLayers, classification, features, labels);
    }

    /**
     * The parameter names ({@code w<l>_<unit>_<input>}, {@code b<l>_<unit>}) or their meanings
     * ({@code w1_0_2 = layer 1 weight, unit 0 <- x3}), each made from its index when read: the list
     * takes no memory per parameter.
     */
    private static final class ParamList extends java.util.AbstractList<String> implements java.util.RandomAccess {
        private final boolean meaning;
        private final int[] width;
        private final int[] weightStart;
        private final int hiddenLayers;
        private final boolean classification;
        private final List<String> features;
        private final List<String> labels;

        ParamList(boolean meaning, int[] width, int[] weightStart, int hiddenLayers, boolean classification,
                  List<String> features, List<String> labels) {
            this.meaning = meaning;
            this.width = width;
            this.weightStart = weightStart;
            this.hiddenLayers = hiddenLayers;
            this.classification = classification;
            this.features = features;
            this.labels = labels;
        }

        @Override
        public int size() {
            return weightStart[hiddenLayers + 1];
        }

        @Override
        public String get(int q) {
            if (q < 0 || q >= size()) throw new IndexOutOfBoundsException("parameter " + q + " of " + size());
            int l = 0;
            while (q >= weightStart[l + 1]) l++;
            int in = width[l];
            int off = q - weightStart[l];
            int weights = in * width[l + 1];
            if (off < weights) {
                int o = off / in;
                int i = off % in;
                String name = "w" + (l + 1) + "_" + o + "_" + i;
                return meaning ? name + " = layer " + (l + 1) + " weight, " + unitName(l + 1, o) + " <- "
                        + unitName(l, i) : name;
            }
            int o = off - weights;
            String name = "b" + (l + 1) + "_" + o;
            return meaning ? name + " = layer " + (l + 1) + " bias, " + unitName(l + 1, o) : name;
        }

        /** What unit {@code u} of level {@code level} is. */
        private String unitName(int level, int u) {
            if (level == 0) return features.get(u);
            if (level <= hiddenLayers) return "unit " + u;
            return classification ? "output " + labels.get(u) : "output";
        }
    }

    /**
     * A network for the dataset: classification when the target holds class labels
     * ({@code data.classes() > 0}), regression otherwise.
     *
     * @param hidden       units per hidden layer, {@code >= 1}
     * @param hiddenLayers number of hidden layers, {@code >= 1}
     * @param l2           L2 penalty on the weights, {@code >= 0}
     * @throws dev.lrsweep.data.DataException if there are no features, or class labels with fewer
     *                                        than two classes
     * @throws IllegalArgumentException       if a size or {@code l2} is out of range, or the network
     *                                        would have more than {@code Integer.MAX_VALUE - 8}
     *                                        parameters
     */
    public static Mlp of(Dataset data, int hidden, int hiddenLayers, Activation activation, double l2) {
        if (hidden < 1) throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
        if (hiddenLayers < 1) throw new IllegalArgumentException("layers must be >= 1, got " + hiddenLayers);
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        if (activation == null) throw new IllegalArgumentException("activation must be given");
        Targets.requireFeatures(data, "mlp");
        boolean classification = data.classes() > 0;
        int outputs = classification ? Targets.requireClasses(data, "mlp") : 1;
        long count = parameterCount(data.features(), hidden, hiddenLayers, outputs);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("mlp: " + count + " parameters is more than an array can hold");
        }
        return new Mlp(data, hidden, hiddenLayers, activation, classification, l2);
    }

    /** The parameter count of a network with these sizes, as a long so it cannot overflow. */
    static long parameterCount(int inputs, int hidden, int hiddenLayers, int outputs) {
        long h = hidden;
        return (inputs + 1L) * h + (hiddenLayers - 1L) * (h + 1) * h + (h + 1) * outputs;
    }

    /** Whether the network classifies (C logits, cross-entropy) rather than regresses (one output, MSE). */
    public boolean classifies() {
        return classification;
    }

    /** The L2 penalty factor. */
    public double l2() {
        return l2;
    }

    @Override public int paramCount() { return paramCount; }

    @Override public List<String> paramNames() { return names; }

    @Override public List<String> paramMeanings() { return meanings; }

    @Override
    public double[] initialParams(SplittableRandom rng) {
        double[] p = new double[paramCount];
        for (int l = 0; l <= hiddenLayers; l++) {
            int fanIn = width[l];
            int fanOut = width[l + 1];
            int start = weightStart[l];
            int end = start + fanIn * fanOut;
            if (relu) {
                double std = Math.sqrt(2.0 / fanIn);
                for (int q = start; q < end; q++) p[q] = std * gaussian(rng);
            } else {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int q = start; q < end; q++) p[q] = limit * (2.0 * rng.nextDouble() - 1.0);
            }
        }
        return p;
    }

    /** A standard normal draw by Box–Muller, from two uniforms. */
    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble(); // in (0, 1], so the log is finite
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** Hidden layers plus the output layer. */
    @Override public int layers() { return hiddenLayers + 1; }

    @Override
    public int layerOf(int param) {
        if (param < 0 || param >= paramCount) {
            throw new IndexOutOfBoundsException("parameter " + param + " of " + paramCount);
        }
        int l = 0;
        while (param >= weightStart[l + 1]) l++;
        return l;
    }

    /** False: networks have too many parameters to show one per column. */
    @Override public boolean tabular() { return false; }

    @Override public String name() { return "mlp"; }

    @Override public String lossName() { return classification ? "categorical_crossentropy" : "mse"; }

    @Override
    public double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] params, double[] grad) {
        one[0] = params;
        oneGrad[0] = grad;
        lossAndGradientMany(data, rows, from, to, one, oneGrad, oneLoss, 1);
        one[0] = null;
        oneGrad[0] = null;
        return oneLoss[0];
    }

    /**
     * One blocked pass over the batch serves every vector: each block's features are read once, and
     * the first layer's gradient runs over all vectors' units at once. Every vector gets the bits of
     * {@link #lossAndGradientRowByRow}.
     */
    @Override
    public void lossAndGradientMany(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads,
                                    double[] losses, int count) {
        kernel.gradientSums(data, rows, from, to, params, grads, losses, count);
        for (int t = 0; t < count; t++) {
            if (!Double.isFinite(losses[t]) || !allFinite(grads[t])) {
                // a 0·∞ term the per-row form skips may have made the difference: take the per-row form
                losses[t] = lossAndGradientRowByRow(data, rows, from, to, params[t], grads[t]);
            } else {
                losses[t] = finishGradient(losses[t], to - from, params[t], grads[t]);
            }
        }
    }

    /** True: trials over the same batches share each block's reading and the first layer's gradient pass. */
    @Override
    public boolean fusesTrials() {
        return true;
    }

    /**
     * Loss and gradient by the plain per-row definition: each row forward, then backward into the
     * gradient, skipping the products of a zero delta. {@link #lossAndGradient} gives the same bits.
     */
    double lossAndGradientRowByRow(Dataset data, int[] rows, int from, int to, double[] params, double[] grad) {
        final double[] y = data.yArray();
        final double[] out = act[hiddenLayers + 1];
        Arrays.fill(grad, 0.0);
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            forward(data, i, params);
            double[] d = delta;
            if (classification) {
                int target = (int) y[i];
                sum += softmaxInto(out, target, d);
            } else {
                double r = out[0] - y[i];
                sum += r * r;
                d[0] = r;
            }
            backward(params, grad);
        }
        return finishGradient(sum, to - from, params, grad);
    }

    /** Scales the summed gradient by the loss's factor and adds the penalty; the mean loss. */
    private double finishGradient(double sum, int n, double[] params, double[] grad) {
        // the deltas leave out the loss's constant factor: 2/n for MSE, 1/n for cross-entropy
        double scale = (classification ? 1.0 : 2.0) / n;
        for (int q = 0; q < grad.length; q++) grad[q] *= scale;
        return sum / n + penalty(params, grad);
    }

    private static boolean allFinite(double[] v) {
        // x − x is 0 for finite x and NaN otherwise; a sum of them is NaN as soon as one is
        double s = 0.0;
        for (double x : v) s += x - x;
        return s == 0.0;
    }

    @Override
    public double loss(Dataset data, int[] rows, int from, int to, double[] params) {
        double sum = kernel.lossSum(data, rows, from, to, params);
        // a NaN pre-activation, which the per-row form's ReLU turns into 0, makes the blocked sum NaN
        if (!Double.isFinite(sum)) sum = lossSumRowByRow(data, rows, from, to, params);
        return sum / (to - from) + penalty(params, null);
    }

    /** The sum of the per-row losses by the plain per-row forward pass. */
    private double lossSumRowByRow(Dataset data, int[] rows, int from, int to, double[] params) {
        final double[] y = data.yArray();
        final double[] out = act[hiddenLayers + 1];
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            forward(data, i, params);
            if (classification) {
                sum += crossEntropy(out, (int) y[i]);
            } else {
                double r = out[0] - y[i];
                sum += r * r;
            }
        }
        return sum;
    }

    /** Fraction of rows whose largest logit is the target class; NaN for a regression network. */
    @Override
    public double accuracy(Dataset data, double[] params) {
        if (!classification) return Double.NaN;
        int right = kernel.correct(data, params);
        if (right < 0) right = correctRowByRow(data, params);
        return (double) right / data.rows();
    }

    private int correctRowByRow(Dataset data, double[] params) {
        final double[] y = data.yArray();
        final double[] out = act[hiddenLayers + 1];
        int right = 0;
        for (int i = 0; i < data.rows(); i++) {
            forward(data, i, params);
            int best = 0;
            for (int c = 1; c < out.length; c++) {
                if (out[c] > out[best]) best = c;
            }
            if (best == (int) y[i]) right++;
        }
        return right;
    }

    /** Fills {@code act} for row i. */
    private void forward(Dataset data, int i, double[] params) {
        System.arraycopy(data.xArray(), i * width[0], act[0], 0, width[0]);
        for (int l = 0; l <= hiddenLayers; l++) {
            final double[] in = act[l];
            final double[] out = act[l + 1];
            final int nIn = width[l];
            final int nOut = width[l + 1];
            final int bias = weightStart[l] + nIn * nOut;
            final boolean hidden = l < hiddenLayers;
            int w = weightStart[l];
            for (int o = 0; o < nOut; o++, w += nIn) {
                double s = params[bias + o];
                for (int q = 0; q < nIn; q++) s += params[w + q] * in[q];
                out[o] = !hidden ? s : relu ? (s > 0 ? s : 0.0) : Math.tanh(s);
            }
        }
    }

    /**
     * Back-propagates {@code delta} (∂loss/∂output for the row, without the 1/n) through the layers,
     * adding to {@code grad}. Overwrites both delta buffers (only the local references swap).
     */
    private void backward(double[] params, double[] grad) {
        double[] d = delta;
        double[] below = deltaBelow;
        for (int l = hiddenLayers; l >= 0; l--) {
            final double[] in = act[l];
            final int nIn = width[l];
            final int nOut = width[l + 1];
            final int bias = weightStart[l] + nIn * nOut;
            final boolean propagate = l > 0;
            if (propagate) Arrays.fill(below, 0, nIn, 0.0);
            int w = weightStart[l];
            for (int o = 0; o < nOut; o++, w += nIn) {
                double g = d[o];
                grad[bias + o] += g;
                if (g == 0.0) continue;
                for (int q = 0; q < nIn; q++) grad[w + q] += g * in[q];
                if (propagate) {
                    for (int q = 0; q < nIn; q++) below[q] += params[w + q] * g;
                }
            }
            if (!propagate) break;
            // in[] is this layer's input, the activation a of the layer below: relu' = (a > 0), tanh' = 1 − a²
            if (relu) {
                for (int q = 0; q < nIn; q++) if (!(in[q] > 0)) below[q] = 0.0;
            } else {
                for (int q = 0; q < nIn; q++) below[q] *= 1.0 - in[q] * in[q];
            }
            double[] t = d;
            d = below;
            below = t;
        }
    }

    /** The row's cross-entropy against {@code target}, writing {@code softmax(z) − onehot} into {@code d}. */
    static double softmaxInto(double[] z, int target, double[] d) {
        int cs = z.length;
        double max = z[0];
        for (int c = 1; c < cs; c++) max = Math.max(max, z[c]);
        double total = 0.0;
        for (int c = 0; c < cs; c++) {
            d[c] = Math.exp(z[c] - max);
            total += d[c];
        }
        double inv = 1.0 / total;
        for (int c = 0; c < cs; c++) d[c] *= inv;
        d[target] -= 1.0;
        return max + Math.log(total) - z[target];
    }

    /** The row's cross-entropy {@code logsumexp(z) − z_target}. */
    static double crossEntropy(double[] z, int target) {
        double max = z[0];
        for (int c = 1; c < z.length; c++) max = Math.max(max, z[c]);
        double total = 0.0;
        for (double v : z) total += Math.exp(v - max);
        return max + Math.log(total) - z[target];
    }

    /** l2·Σw² over every layer's weights, adding its gradient 2·l2·w when {@code grad} is given. */
    private double penalty(double[] params, double[] grad) {
        if (l2 == 0.0) return 0.0;
        double s = 0.0;
        for (int l = 0; l <= hiddenLayers; l++) {
            int start = weightStart[l];
            int end = start + width[l] * width[l + 1];
            for (int q = start; q < end; q++) {
                s += params[q] * params[q];
                if (grad != null) grad[q] += 2 * l2 * params[q];
            }
        }
        return l2 * s;
    }
}
