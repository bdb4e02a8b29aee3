package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd()", "sgd(momentum=0.9,nesterov=true)", "sgd(momentum=0.9,dampening=0.1)",
            "adam(beta_1=0.95,beta_2=0.99,epsilon=1e-6,amsgrad=true)", "adamw(weight_decay=0.05)",
            "rmsprop(alpha=0.9,centered=true,momentum=0.5)", "rmsprop(rho=0.8)",
            "adagrad(initial_accumulator_value=0,epsilon=1e-10,lr_decay=0.01,weight_decay=1e-4)"})
    void roundTrips(String text) {
        OptimizerSpec s = OptimizerSpec.parse(text);
        assertEquals(text, s.toString());
        assertEquals(s, OptimizerSpec.parse(s.toString()));
        assertEquals(s.hashCode(), OptimizerSpec.parse(s.toString()).hashCode());
    }

    @Test
    void whiteSpaceAndCaseAreNormalised() {
        OptimizerSpec s = OptimizerSpec.parse(" Adam ( beta_1 = 0.95 , amsgrad = TRUE ) ");
        assertEquals("adam", s.name());
        assertEquals("adam(beta_1=0.95,amsgrad=TRUE)", s.toString());
        assertNotEquals(OptimizerSpec.parse("adam"), s);
    }

    @Test
    void createsTheRightClasses() {
        for (Compat c : Compat.values()) {
            assertInstanceOf(Sgd.class, OptimizerSpec.parse("sgd").create(3, c));
            assertInstanceOf(Adam.class, OptimizerSpec.parse("adam").create(3, c));
            assertInstanceOf(AdamW.class, OptimizerSpec.parse("adamw").create(3, c));
            assertInstanceOf(RmsProp.class, OptimizerSpec.parse("rmsprop").create(3, c));
            assertInstanceOf(Adagrad.class, OptimizerSpec.parse("adagrad").create(3, c));
        }
        assertEquals(List.of("sgd", "adam", "adamw", "rmsprop", "adagrad"), OptimizerSpec.names());
    }

    @ParameterizedTest
    @CsvSource({"sgd, 0.01, 1e-3", "adam, 0.001, 1e-3", "adamw, 0.001, 1e-3", "rmsprop, 0.001, 1e-2",
            "adagrad, 0.001, 1e-2"})
    void defaultRates(String name, double keras, double torch) {
        OptimizerSpec s = OptimizerSpec.parse(name);
        assertEquals(keras, s.defaultRate(Compat.KERAS), 0);
        assertEquals(torch, s.defaultRate(Compat.TORCH), 0);
    }

    @Test
    void momentumIsAvailableOnAllButAdagrad() {
        for (String n : OptimizerSpec.names()) {
            assertEquals(!n.equals("adagrad"), OptimizerSpec.parse(n).hasMomentum(), n);
        }
    }

    /** {@code alpha} is PyTorch's name for {@code rho}: the same trajectory either way. */
    @Test
    void alphaIsRho() {
        for (Compat c : Compat.values()) {
            assertArrayEquals(run("rmsprop(rho=0.8)", c), run("rmsprop(alpha=0.8)", c), 0);
        }
        // and the compat defaults differ: Keras rho 0.9, PyTorch alpha 0.99
        assertArrayEquals(run("rmsprop(rho=0.9)", Compat.KERAS), run("rmsprop", Compat.KERAS), 0);
        assertArrayEquals(run("rmsprop(alpha=0.99,epsilon=1e-8)", Compat.TORCH), run("rmsprop", Compat.TORCH), 0);
    }

    @Test
    void compatDefaultsAreFilledIn() {
        assertArrayEquals(run("adam(epsilon=1e-7)", Compat.KERAS), run("adam", Compat.KERAS), 0);
        assertArrayEquals(run("adam(epsilon=1e-8)", Compat.TORCH), run("adam", Compat.TORCH), 0);
        assertArrayEquals(run("adagrad(initial_accumulator_value=0.1,epsilon=1e-7)", Compat.KERAS),
                run("adagrad", Compat.KERAS), 0);
        assertArrayEquals(run("adagrad(initial_accumulator_value=0,epsilon=1e-10)", Compat.TORCH),
                run("adagrad", Compat.TORCH), 0);
        assertArrayEquals(run("adamw(weight_decay=0.01)", Compat.TORCH), run("adamw", Compat.TORCH), 0);
    }

    private static double[] run(String spec, Compat compat) {
        Optimizer o = OptimizerSpec.parse(spec).create(2, compat);
        double[] w = {1, 2};
        o.update(w, new double[] {0.5, -1}, 0.1);
        o.update(w, new double[] {0.2, 0.3}, 0.1);
        return w;
    }

    private static String error(String text) {
        SpecException e = assertThrows(SpecException.class, () -> OptimizerSpec.parse(text));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertEquals("unknown optimizer 'nadam' (valid: sgd, adam, adamw, rmsprop, adagrad)", error("nadam"));
    }

    @Test
    void unknownKeyListsTheValidOnes() {
        assertEquals("adam: unknown key 'momentum' (valid: beta_1, beta_2, epsilon, amsgrad, weight_decay)",
                error("adam(momentum=0.9)"));
        assertEquals("sgd: unknown key 'lr' (valid: momentum, nesterov, dampening, weight_decay)", error("sgd(lr=0.1)"));
        assertTrue(error("rmsprop(eps=1e-8)").contains("valid: rho, alpha, momentum, epsilon, centered, weight_decay"));
        assertTrue(error("adagrad(rho=1)").contains("valid: initial_accumulator_value, epsilon, lr_decay, weight_decay"));
        assertTrue(error("adamw(nesterov=true)").contains("valid: weight_decay, beta_1, beta_2, epsilon, amsgrad"));
    }

    @Test
    void outOfRangeValuesSayWhy() {
        assertEquals("sgd: 'momentum' must be in [0, 1], got 1.5", error("sgd(momentum=1.5)"));
        assertEquals("rmsprop: 'momentum' must be in [0, 1], got -0.1", error("rmsprop(momentum=-0.1)"));
        assertEquals("adam: 'epsilon' must be a finite number >= 0, got -1", error("adam(epsilon=-1)"));
        assertEquals("adam: 'beta_1' must be in [0, 1), got 1", error("adam(beta_1=1)"));
        assertEquals("adamw: 'beta_2' must be in [0, 1), got 1.1", error("adamw(beta_2=1.1)"));
        assertEquals("rmsprop: 'alpha' must be in [0, 1), got 1", error("rmsprop(alpha=1)"));
        assertEquals("adagrad: 'initial_accumulator_value' must be a finite number >= 0, got -0.1",
                error("adagrad(initial_accumulator_value=-0.1)"));
        assertEquals("adagrad: 'lr_decay' must be a finite number >= 0, got -1", error("adagrad(lr_decay=-1)"));
        assertEquals("adamw: 'weight_decay' must be a finite number >= 0, got -0.01", error("adamw(weight_decay=-0.01)"));
        assertEquals("sgd: 'dampening' must be in [0, 1], got 2", error("sgd(momentum=0.9,dampening=2)"));
        assertEquals("adam: 'amsgrad' must be true or false, got yes", error("adam(amsgrad=yes)"));
        assertEquals("sgd: 'momentum' must be a finite number, got fast", error("sgd(momentum=fast)"));
    }

    @Test
    void inconsistentCombinations() {
        assertEquals("sgd: nesterov=true needs momentum > 0", error("sgd(nesterov=true)"));
        assertEquals("sgd: nesterov=true needs dampening=0 (as in PyTorch)",
                error("sgd(momentum=0.9,nesterov=true,dampening=0.1)"));
        assertEquals("rmsprop: give 'rho' or 'alpha' (PyTorch's name for it), not both", error("rmsprop(rho=0.9,alpha=0.9)"));
        assertTrue(error("sgd(momentum=0.9").startsWith("in 'sgd(momentum=0.9' at character"));
    }

    @Test
    void torchOnlyOptionsAreRefusedUnderKeras() {
        OptimizerSpec damp = OptimizerSpec.parse("sgd(momentum=0.9,dampening=0.5)");
        SpecException e = assertThrows(SpecException.class, () -> damp.create(2, Compat.KERAS));
        assertEquals("sgd: 'dampening' is a PyTorch option; use --compat torch or leave it at 0", e.getMessage());
        damp.validate(Compat.TORCH);
        damp.create(2, Compat.TORCH);

        OptimizerSpec decay = OptimizerSpec.parse("adagrad(lr_decay=0.1)");
        assertThrows(SpecException.class, () -> decay.validate(Compat.KERAS));
        decay.create(2, Compat.TORCH);

        // the neutral value 0 is the Keras behaviour, so it is accepted
        OptimizerSpec.parse("sgd(dampening=0)").create(2, Compat.KERAS);
        OptimizerSpec.parse("adagrad(lr_decay=0)").create(2, Compat.KERAS);
    }

    @Test
    void constructorsCheckTooAndCountParameters() {
        assertThrows(SpecException.class, () -> new Adam(2, Compat.KERAS, 1, 0.999, 1e-7, false, 0));
        assertThrows(SpecException.class, () -> new Sgd(2, Compat.KERAS, Double.NaN, false, 0, 0));
        SpecException e = assertThrows(SpecException.class,
                () -> new AdamW(2, Compat.TORCH, 0.01, 0.9, -0.5, 1e-8, false));
        assertEquals("adamw: 'beta_2' must be in [0, 1), got -0.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(-1, Compat.KERAS, 0.9, 0, 1e-7, false, 0));
    }
}
