package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.spec.Compat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three-step trajectories of /work/shared/golden/torch_golden.out (real torch 1.13.1, float64)
 * and keras_transcribed.out (Keras formulas transcribed to NumPy), typed in from the files:
 * w0 = [1, 2], lr = 0.1, gradients [0.5, -1], [0.2, 0.3], [-0.4, 0.1].
 */
class GoldenTrajectoryTest {
    private static final double[] W0 = {1, 2};
    private static final double[][] GRADS = {{0.5, -1}, {0.2, 0.3}, {-0.4, 0.1}};
    private static final double LR = 0.1;
    private static final double TOL = 1e-8;

    static Stream<Arguments> torch() {
        return Stream.of(
                Arguments.of("sgd", new double[][] {{0.95, 2.1}, {0.93, 2.07}, {0.97, 2.06}}),
                Arguments.of("sgd(momentum=0.9)",
                        new double[][] {{0.95, 2.1}, {0.885, 2.16}, {0.8665, 2.204}}),
                Arguments.of("sgd(momentum=0.9,dampening=0.5)",
                        new double[][] {{0.95, 2.1}, {0.895, 2.175}, {0.8655, 2.2375}}),
                Arguments.of("sgd(momentum=0.9,nesterov=true)",
                        new double[][] {{0.905, 2.19}, {0.8265, 2.214}, {0.84985, 2.2436}}),
                Arguments.of("sgd(weight_decay=0.01)",
                        new double[][] {{0.949, 2.098}, {0.928051, 2.065902}, {0.967122949, 2.053836098}}),
                Arguments.of("adam", new double[][] {{0.900000002, 2.099999999},
                        {0.8101424839, 2.1427848576}, {0.7925145982, 2.1696100752}}),
                Arguments.of("adam(amsgrad=true)", new double[][] {{0.900000002, 2.099999999},
                        {0.8101424839, 2.1427848576}, {0.7925145982, 2.1696100752}}),
                Arguments.of("adam(weight_decay=0.1)", new double[][] {{0.9000000017, 2.0999999987},
                        {0.8072814605, 2.1164771132}, {0.7702771948, 2.1086252514}}),
                Arguments.of("adamw", new double[][] {{0.899000002, 2.097999999},
                        {0.8082434839, 2.1386868576}, {0.7898073547, 2.1633733884}}),
                Arguments.of("rmsprop", new double[][] {{2e-07, 2.9999999},
                        {-0.3730016537, 2.7113247932}, {0.2268764184, 2.6150640989}}),
                Arguments.of("rmsprop(centered=true,momentum=0.9)", new double[][] {{-0.0050376132, 3.0050377142},
                        {-1.2857467397, 3.6202581508}, {-1.8379463716, 4.0775438538}}),
                Arguments.of("adagrad", new double[][] {{0.9, 2.1},
                        {0.8628609324, 2.0712652114}, {0.9224894118, 2.0617305855}}),
                Arguments.of("adagrad(lr_decay=0.5,initial_accumulator_value=0.1)", new double[][] {
                        {0.9154845745, 2.0953462589}, {0.894134154, 2.077012289}, {0.9211021485, 2.0724479343}}));
    }

    static Stream<Arguments> keras() {
        double[][] adamw = {{0.8996006325, 2.0991996838}, {0.8093837996, 2.1411447334}, {0.7914322431, 2.1671134126}};
        return Stream.of(
                Arguments.of("sgd", new double[][] {{0.95, 2.1}, {0.93, 2.07}, {0.97, 2.06}}),
                Arguments.of("sgd(momentum=0.9)",
                        new double[][] {{0.95, 2.1}, {0.885, 2.16}, {0.8665, 2.204}}),
                Arguments.of("sgd(momentum=0.9,nesterov=true)",
                        new double[][] {{0.905, 2.19}, {0.8265, 2.214}, {0.84985, 2.2436}}),
                Arguments.of("adam", new double[][] {{0.9000006325, 2.0999996838},
                        {0.8101436399, 2.1427844133}, {0.7925158369, 2.1696095504}}),
                Arguments.of("adamw(weight_decay=0.004)", adamw),
                // the Keras default weight decay of AdamW is 0.004
                Arguments.of("adamw", adamw),
                // Keras's AdamW is Adam plus the base optimizer's decoupled decay
                Arguments.of("adam(weight_decay=0.004)", adamw),
                Arguments.of("rmsprop", new double[][] {{0.6837728664, 2.3162276079},
                        {0.5609140749, 2.2208813971}, {0.7612898815, 2.1875665854}}),
                Arguments.of("rmsprop(centered=true,momentum=0.9)", new double[][] {{0.6666674074, 2.3333331481},
                        {0.2326633328, 2.5362044462}, {0.0433015121, 2.6851100081}}),
                Arguments.of("adagrad", new double[][] {{0.9154845866, 2.0953462546},
                        {0.8834589599, 2.0678453008}, {0.937394944, 2.0587165919}}));
    }

    @ParameterizedTest(name = "torch {0}")
    @MethodSource("torch")
    void torchTrajectory(String spec, double[][] expected) {
        check(spec, Compat.TORCH, expected);
    }

    @ParameterizedTest(name = "keras {0}")
    @MethodSource("keras")
    void kerasTrajectory(String spec, double[][] expected) {
        check(spec, Compat.KERAS, expected);
    }

    private static void check(String spec, Compat compat, double[][] expected) {
        Optimizer opt = OptimizerSpec.parse(spec).create(2, compat);
        double[] w = W0.clone();
        for (int step = 0; step < GRADS.length; step++) {
            opt.update(w, GRADS[step].clone(), LR);
            for (int i = 0; i < w.length; i++) {
                assertEquals(expected[step][i], w[i], TOL, spec + " step " + (step + 1) + " w[" + i + "]");
            }
        }
    }
}
