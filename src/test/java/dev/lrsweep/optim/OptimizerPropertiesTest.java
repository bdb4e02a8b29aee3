package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lrsweep.spec.Compat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property: with a zero gradient and no weight decay, every optimizer leaves the parameters exactly
 * as they were, however many updates, at any rate, under Keras and PyTorch rules alike. Specs are
 * drawn over each optimizer's keys and ranges (OptimizerSpec's list), {@code weight_decay=0}
 * written out (AdamW's default is not 0).
 *
 * <p>{@code epsilon} is drawn from [1e-12, 1e-3]: the parser also accepts {@code epsilon=0}, and
 * then Adam, AdamW, RMSprop and Adagrad (with a zero initial accumulator) divide 0 by 0 and turn
 * every parameter whose gradient is zero into NaN, under either compat.
 */
class OptimizerPropertiesTest {
    @Property(tries = 2000)
    void zeroGradientChangesNothing(@ForAll("optimizers") String spec,
                                    @ForAll("compat") Compat compat,
                                    @ForAll("params") double[] params,
                                    @ForAll("rates") double lr,
                                    @ForAll @IntRange(min = 1, max = 5) int updates) {
        assertUnchanged(spec, compat, params, lr, updates);
    }

    @Property(tries = 500)
    void zeroGradientChangesNothingWithPyTorchOnlyKeys(@ForAll("torchOnly") String spec,
                                                       @ForAll("params") double[] params,
                                                       @ForAll("rates") double lr,
                                                       @ForAll @IntRange(min = 1, max = 5) int updates) {
        assertUnchanged(spec, Compat.TORCH, params, lr, updates);
    }

    private static void assertUnchanged(String spec, Compat compat, double[] params, double lr, int updates) {
        Optimizer o = OptimizerSpec.parse(spec).create(params.length, compat);
        double[] p = params.clone();
        for (int i = 0; i < updates; i++) o.update(p, new double[p.length], lr);
        assertArrayEquals(params, p, 0.0, spec + " under " + compat + " moved the parameters");
    }

    /** Rates log-spread over [1e-6, 10]. */
    @Provide
    Arbitrary<Double> rates() {
        return Arbitraries.doubles().between(-6, 1).ofScale(4).map(e -> Math.pow(10, e));
    }

    @Provide
    Arbitrary<Compat> compat() {
        return Arbitraries.of(Compat.values());
    }

    @Provide
    Arbitrary<double[]> params() {
        return Arbitraries.doubles().between(-1e6, 1e6).ofScale(6).array(double[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<String> optimizers() {
        Arbitrary<String> sgd = Combinators.combine(open(), bool()).as((m, n) -> m > 0 && n
                ? f("sgd(momentum=%s,nesterov=true,weight_decay=0)", m) : f("sgd(momentum=%s,weight_decay=0)", m));
        Arbitrary<String> adam = Combinators.combine(open(), open(), eps(), bool())
                .as((b1, b2, e, ams) -> f("adam(beta_1=%s,beta_2=%s,epsilon=%s,amsgrad=%s,weight_decay=0)", b1, b2, e, ams));
        Arbitrary<String> adamw = Combinators.combine(open(), open(), eps(), bool())
                .as((b1, b2, e, ams) -> f("adamw(weight_decay=0,beta_1=%s,beta_2=%s,epsilon=%s,amsgrad=%s)", b1, b2, e, ams));
        Arbitrary<String> rmsprop = Combinators.combine(open(), closed(), eps(), bool())
                .as((rho, m, e, c) -> f("rmsprop(rho=%s,momentum=%s,epsilon=%s,centered=%s,weight_decay=0)", rho, m, e, c));
        Arbitrary<String> adagrad = Combinators.combine(Arbitraries.doubles().between(0, 10).ofScale(6), eps())
                .as((acc, e) -> f("adagrad(initial_accumulator_value=%s,epsilon=%s,weight_decay=0)", acc, e));
        return Arbitraries.oneOf(List.of(sgd, adam, adamw, rmsprop, adagrad,
                Arbitraries.of("sgd", "adam", "adamw(weight_decay=0)", "rmsprop", "adagrad")));
    }

    @Provide
    Arbitrary<String> torchOnly() {
        Arbitrary<String> sgd = Combinators.combine(closed(), closed())
                .as((m, d) -> f("sgd(momentum=%s,dampening=%s)", m, d));
        Arbitrary<String> adagrad = Combinators.combine(Arbitraries.doubles().between(0, 10).ofScale(6), eps(),
                        Arbitraries.doubles().between(0, 10).ofScale(6))
                .as((acc, e, d) -> f("adagrad(initial_accumulator_value=%s,epsilon=%s,lr_decay=%s)", acc, e, d));
        return Arbitraries.oneOf(sgd, adagrad);
    }

    private static Arbitrary<Boolean> bool() {
        return Arbitraries.of(true, false);
    }

    /** [0, 1]: momentum, dampening. */
    private static Arbitrary<Double> closed() {
        return Arbitraries.doubles().between(0, 1).ofScale(6);
    }

    /** [0, 1): the betas and rho. */
    private static Arbitrary<Double> open() {
        return Arbitraries.doubles().between(0, 0.999999).ofScale(6);
    }

    /** Epsilon, log-spread over [1e-12, 1e-3]. */
    private static Arbitrary<Double> eps() {
        return Arbitraries.doubles().between(-12, -3).ofScale(4).map(e -> Math.pow(10, e));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
