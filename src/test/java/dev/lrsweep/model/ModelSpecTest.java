package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecTest {
    private static final Dataset NUMERIC = TestData.regression(20, 2, 1);
    private static final Dataset BINARY = TestData.binary(20, 1, false);
    private static final Dataset LABELLED = TestData.labelled(20, 2, 1);

    @ParameterizedTest
    @ValueSource(strings = {"linear", "logistic", "softmax", "mlp", "mlp()", "linear()",
            "mlp(hidden=16,layers=2,activation=tanh)", "mlp(task=classification)", "mlp(activation=RELU,hidden=8)",
            "mlp(hidden=32,layers=1,activation=relu,task=auto)"})
    void roundTrips(String text) {
        ModelSpec s = ModelSpec.parse(text);
        assertEquals(text, s.toString());
        assertEquals(s, ModelSpec.parse(s.toString()));
        assertEquals(s.hashCode(), ModelSpec.parse(s.toString()).hashCode());
    }

    @Test
    void whiteSpaceAndCaseAreNormalised() {
        ModelSpec s = ModelSpec.parse(" MLP ( Hidden = 8 ) ");
        assertEquals("mlp", s.name());
        assertEquals("mlp(hidden=8)", s.toString());
        assertEquals(List.of("linear", "logistic", "softmax", "mlp"), ModelSpec.names());
    }

    @Test
    void unknownNamesAndKeysListTheValidOnes() {
        assertEquals("unknown model 'svm' (valid: linear, logistic, softmax, mlp)",
                assertThrows(SpecException.class, () -> ModelSpec.parse("svm")).getMessage());
        assertEquals("mlp: unknown key 'width' (valid: hidden, layers, activation, task)",
                assertThrows(SpecException.class, () -> ModelSpec.parse("mlp(width=3)")).getMessage());
        assertEquals("linear: unknown key 'hidden' (valid: none)",
                assertThrows(SpecException.class, () -> ModelSpec.parse("linear(hidden=3)")).getMessage());
        assertThrows(SpecException.class, () -> ModelSpec.parse("softmax(l2=1)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "mlp(hidden=0); mlp: 'hidden' must be a whole number >= 1, got 0",
            "mlp(layers=-1); mlp: 'layers' must be a whole number >= 1, got -1",
            "mlp(hidden=1.5); mlp: 'hidden' must be a whole number, got 1.5",
            "mlp(hidden=3000000000); mlp: 'hidden' must be a whole number >= 1, got 3000000000",
            "mlp(activation=sigmoid); mlp: 'activation' must be one of relu, tanh, got sigmoid",
            "mlp(task=ranking); mlp: 'task' must be one of auto, regression, classification, got ranking"})
    void valuesOutOfRangeAreRejected(String text, String message) {
        assertEquals(message, assertThrows(SpecException.class, () -> ModelSpec.parse(text)).getMessage());
    }

    @Test
    void classifiesOnlyWhereLabelsAreNeeded() {
        assertFalse(ModelSpec.parse("linear").classifies());
        assertFalse(ModelSpec.parse("logistic").classifies());
        assertTrue(ModelSpec.parse("softmax").classifies());
        assertFalse(ModelSpec.parse("mlp").classifies());
        assertFalse(ModelSpec.parse("mlp(task=auto)").classifies());
        assertFalse(ModelSpec.parse("mlp(task=regression)").classifies());
        assertTrue(ModelSpec.parse("mlp(task=classification)").classifies());
    }

    @Test
    void createsFreshModelsOfTheRightKind() {
        ModelSpec linear = ModelSpec.parse("linear");
        assertInstanceOf(LinearRegression.class, linear.create(NUMERIC, true, 0));
        assertEquals(3, linear.create(NUMERIC, true, 0).paramCount());
        assertEquals(2, linear.create(NUMERIC, false, 0).paramCount());
        assertEquals(0.5, ((LinearRegression) linear.create(NUMERIC, true, 0.5)).l2());
        LogisticRegression logistic = (LogisticRegression) ModelSpec.parse("logistic").create(BINARY, false, 0.25);
        assertFalse(logistic.hasIntercept());
        assertEquals(0.25, logistic.l2());
        assertEquals(9, ModelSpec.parse("softmax").create(LABELLED, true, 0).paramCount());

        ModelSpec mlp = ModelSpec.parse("mlp(hidden=4,layers=2,activation=tanh)");
        Model a = mlp.create(NUMERIC, true, 0);
        assertNotSame(a, mlp.create(NUMERIC, true, 0));
        assertEquals(2 * 4 + 4 + 4 * 4 + 4 + 4 + 1, a.paramCount());
        assertEquals(3, a.layers());
        assertEquals("mse", a.lossName());
        // the intercept setting does not remove a network's biases
        assertEquals(a.paramCount(), mlp.create(NUMERIC, false, 0).paramCount());
        // auto follows the data
        Model c = mlp.create(LABELLED, true, 0);
        assertEquals("categorical_crossentropy", c.lossName());
        assertEquals(2 * 4 + 4 + 4 * 4 + 4 + 4 * 3 + 3, c.paramCount());
        assertEquals(32 * 2 + 32 + 32 + 1, ModelSpec.parse("mlp").create(NUMERIC, true, 0).paramCount());
        assertEquals(0.1, ((Mlp) ModelSpec.parse("mlp").create(NUMERIC, true, 0.1)).l2());
    }

    @Test
    void theTargetMustSuitTheModel() {
        assertEquals("t: data row 1: --model logistic: the target 'y' must be 0 or 1, found 4.011733",
                assertThrows(DataException.class, () -> ModelSpec.parse("logistic").create(
                        new Dataset(new double[] {1}, new double[] {4.011733}, List.of("x"), "y", "t", null),
                        true, 0)).getMessage());
        assertThrows(DataException.class, () -> ModelSpec.parse("softmax").create(NUMERIC, true, 0));
        assertEquals("--model mlp(task=classification): the target 'y' must hold class labels with at least 2 "
                        + "classes, found numbers",
                assertThrows(DataException.class, () -> ModelSpec.parse("mlp(task=classification)")
                        .create(NUMERIC, true, 0)).getMessage());
        assertEquals("--model mlp(task=regression): the target 'y' holds class labels, but this model needs a "
                        + "numeric target",
                assertThrows(DataException.class, () -> ModelSpec.parse("mlp(task=regression)")
                        .create(LABELLED, true, 0)).getMessage());
        assertEquals("mlp(hidden=100000,layers=3): 20000600001 parameters for 2 features is more than an array "
                        + "can hold",
                assertThrows(SpecException.class, () -> ModelSpec.parse("mlp(hidden=100000,layers=3)")
                        .create(NUMERIC, true, 0)).getMessage());
    }
}
