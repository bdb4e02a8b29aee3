package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lrsweep.spec.Compat;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerBehaviourTest {
    /** Every optimizer and option that changes the code path, without weight decay. */
    private static final List<String> BOTH = List.of("sgd", "sgd(momentum=0.9)", "sgd(momentum=0.9,nesterov=true)",
            "adam", "adam(amsgrad=true)", "adamw(weight_decay=0)", "rmsprop", "rmsprop(momentum=0.9)",
            "rmsprop(centered=true)", "rmsprop(centered=true,momentum=0.9)", "adagrad");
    private static final List<String> TORCH_ONLY = List.of("sgd(momentum=0.9,dampening=0.5)", "adagrad(lr_decay=0.5)");

    static Stream<Arguments> allConfigurations() {
        List<Arguments> out = new ArrayList<>();
        for (Compat c : Compat.values()) {
            for (String s : BOTH) out.add(Arguments.of(s, c));
        }
        for (String s : TORCH_ONLY) out.add(Arguments.of(s, Compat.TORCH));
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("allConfigurations")
    void zeroGradientLeavesParametersUnchanged(String spec, Compat compat) {
        Optimizer o = OptimizerSpec.parse(spec).create(3, compat);
        double[] w = {1, -2, 0.5};
        for (int step = 0; step < 5; step++) {
            o.update(w, new double[3], 0.1 * (step + 1));
            assertArrayEquals(new double[] {1, -2, 0.5}, w, 0, spec + " step " + (step + 1));
        }
    }

    /**
     * One parameter, w0 = 1, gradient 1 on both steps, momentum 0.9.
     *
     * <pre>
     * constant lr 0.1:
     *   Keras: m1 = -0.1*1 = -0.1,           w1 = 0.9;  m2 = 0.9*(-0.1) - 0.1*1 = -0.19,  w2 = 0.9 - 0.19 = 0.71
     *   torch: buf1 = g = 1 (undamped seed), w1 = 0.9;  buf2 = 0.9*1 + 1 = 1.9,          w2 = 0.9 - 0.1*1.9 = 0.71
     * lr 0.1, then 0.2:
     *   Keras: m1 = -0.1,                    w1 = 0.9;  m2 = 0.9*(-0.1) - 0.2*1 = -0.29,  w2 = 0.9 - 0.29 = 0.61
     *   torch: buf1 = 1,                     w1 = 0.9;  buf2 = 1.9,                       w2 = 0.9 - 0.2*1.9 = 0.52
     * </pre>
     * Keras's buffer carries the old rate (0.9*0.1), PyTorch's applies the new rate to the whole buffer.
     */
    @Test
    void kerasAndTorchMomentumAgreeOnlyWhileTheRateIsConstant() {
        assertEquals(0.71, sgdMomentum(Compat.KERAS, 0.1, 0.1), 1e-15);
        assertEquals(0.71, sgdMomentum(Compat.TORCH, 0.1, 0.1), 1e-15);
        assertEquals(0.61, sgdMomentum(Compat.KERAS, 0.1, 0.2), 1e-15);
        assertEquals(0.52, sgdMomentum(Compat.TORCH, 0.1, 0.2), 1e-15);
    }

    private static double sgdMomentum(Compat compat, double lr1, double lr2) {
        Optimizer o = OptimizerSpec.parse("sgd(momentum=0.9)").create(1, compat);
        double[] w = {1};
        o.update(w, new double[] {1}, lr1);
        assertEquals(0.9, w[0], 1e-15);
        o.update(w, new double[] {1}, lr2);
        return w[0];
    }

    /**
     * Keras's weight decay is decoupled (w -= w*wd*lr before the step), PyTorch's is L2 (g += wd*w).
     * With a zero gradient, Keras adam(weight_decay=0.1) at lr 0.1 only shrinks w by 1 - 0.01 per
     * step: w2 = w0 * 0.99^2. PyTorch's sees g = 0.1*w, and its first Adam step moves each w by
     * lr * g/(|g| + eps), about 0.1: w1 = [0.9, 1.9].
     */
    @Test
    void weightDecayIsDecoupledUnderKerasAndL2UnderTorch() {
        Optimizer keras = OptimizerSpec.parse("adam(weight_decay=0.1)").create(2, Compat.KERAS);
        double[] k = {1, 2};
        keras.update(k, new double[2], 0.1);
        keras.update(k, new double[2], 0.1);
        assertArrayEquals(new double[] {0.9801, 1.9602}, k, 1e-15);

        Optimizer torch = OptimizerSpec.parse("adam(weight_decay=0.1)").create(2, Compat.TORCH);
        double[] t = {1, 2};
        torch.update(t, new double[2], 0.1);
        assertArrayEquals(new double[] {0.9, 1.9}, t, 1e-6);

        // the same L2 form for sgd under torch: g = 0.1*w, w -= 0.1*g gives w*0.99 per step as well
        Optimizer sgd = OptimizerSpec.parse("sgd(weight_decay=0.1)").create(2, Compat.TORCH);
        double[] s = {1, 2};
        sgd.update(s, new double[2], 0.1);
        assertArrayEquals(new double[] {0.99, 1.98}, s, 1e-15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("momentumPairs")
    void setMomentumActsLikeTheKey(String base, String withHalf) {
        for (Compat c : Compat.values()) {
            Optimizer driven = OptimizerSpec.parse(base).create(2, c);
            driven.setMomentum(0.5);
            assertArrayEquals(trajectory(OptimizerSpec.parse(withHalf).create(2, c)), trajectory(driven), 0,
                    c + " " + base);
        }
    }

    static Stream<Arguments> momentumPairs() {
        return Stream.of(
                Arguments.of("sgd(momentum=0.9)", "sgd(momentum=0.5)"),
                Arguments.of("sgd(momentum=0.9,nesterov=true)", "sgd(momentum=0.5,nesterov=true)"),
                Arguments.of("rmsprop(momentum=0.9,centered=true)", "rmsprop(momentum=0.5,centered=true)"),
                Arguments.of("adam", "adam(beta_1=0.5)"),
                Arguments.of("adamw", "adamw(beta_1=0.5)"),
                Arguments.of("adagrad", "adagrad"));
    }

    /**
     * PyTorch SGD without momentum at first: when a schedule later turns momentum on, the buffer is
     * seeded with that step's gradient. w0 = 1, lr 0.1, g = 1, 2, 3:
     * w1 = 1 - 0.1 = 0.9; momentum 0.9 from step 2: buf = 2, w2 = 0.9 - 0.2 = 0.7;
     * buf = 0.9*2 + 3 = 4.8, w3 = 0.7 - 0.48 = 0.22.
     */
    @Test
    void torchMomentumTurnedOnLaterSeedsTheBuffer() {
        Optimizer o = OptimizerSpec.parse("sgd").create(1, Compat.TORCH);
        double[] w = {1};
        o.update(w, new double[] {1}, 0.1);
        o.setMomentum(0.9);
        o.update(w, new double[] {2}, 0.1);
        assertEquals(0.7, w[0], 1e-15);
        o.update(w, new double[] {3}, 0.1);
        assertEquals(0.22, w[0], 1e-15);
    }

    @Test
    void setMomentumChecksItsRange() {
        assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.parse("sgd").create(1, Compat.KERAS).setMomentum(1.5));
        assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.parse("rmsprop").create(1, Compat.TORCH).setMomentum(-0.1));
        assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.parse("adam").create(1, Compat.KERAS).setMomentum(1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.parse("adamw").create(1, Compat.TORCH).setMomentum(Double.NaN));
        assertEquals("adamw: 'beta_1' must be in [0, 1), got NaN", e.getMessage());
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("allConfigurations")
    void resetStartsOver(String spec, Compat compat) {
        Optimizer o = OptimizerSpec.parse(spec).create(2, compat);
        double[] first = trajectory(o);
        o.setMomentum(0.3);
        o.reset();
        assertArrayEquals(first, trajectory(o), 0);
    }

    /** Three steps from w0 = [1, 2] with the golden gradients and a changing rate; w after each step. */
    private static double[] trajectory(Optimizer o) {
        double[][] grads = {{0.5, -1}, {0.2, 0.3}, {-0.4, 0.1}};
        double[] w = {1, 2};
        double[] out = new double[6];
        for (int s = 0; s < 3; s++) {
            o.update(w, grads[s].clone(), 0.1 / (s + 1));
            out[2 * s] = w[0];
            out[2 * s + 1] = w[1];
        }
        return out;
    }

    @Test
    void wrongLengthsAreRefused() {
        for (String name : OptimizerSpec.names()) {
            Optimizer o = OptimizerSpec.parse(name).create(2, Compat.KERAS);
            assertThrows(IllegalArgumentException.class, () -> o.update(new double[3], new double[3], 0.1), name);
            assertThrows(IllegalArgumentException.class, () -> o.update(new double[2], new double[1], 0.1), name);
        }
    }

    /** After warm-up, clipping plus an update allocates nothing: 20,000 iterations stay under 4 KB. */
    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("allConfigurations")
    void updatesAllocateNothing(String spec, Compat compat) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        int n = 32;
        Optimizer o = OptimizerSpec.parse(spec).create(n, compat);
        GradientClipping byNorm = GradientClipping.clipNorm(1, compat);
        GradientClipping byValue = GradientClipping.clipValue(0.5);
        double[] w = new double[n];
        double[] g = new double[n];
        for (int i = 0; i < n; i++) w[i] = i - n / 2.0;
        int clips = loop(o, byNorm, byValue, w, g, 5_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        clips += loop(o, byNorm, byValue, w, g, 20_000);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(clips > 0);
        assertTrue(allocated < 4096, spec + " allocated " + allocated + " bytes");
    }

    /** Gradient descent on sum (w_i - 1)^2 with both clippings; returns the number of clip events. */
    private static int loop(Optimizer o, GradientClipping a, GradientClipping b, double[] w, double[] g, int steps) {
        int clips = 0;
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < w.length; i++) g[i] = 2 * (w[i] - 1);
            if (a.apply(g)) clips++;
            if (b.apply(g)) clips++;
            o.update(w, g, 0.01);
        }
        return clips;
    }
}
