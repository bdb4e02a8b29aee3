package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.train.Convergence;
import dev.lrsweep.train.LoggedStep;
import dev.lrsweep.train.TrainRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run read back from the results log or a shard part is the run that was written. */
class RunCodecTest {
    @Test
    void aMiniBatchRunComesBackWithItsEpochLosses() {
        TrainRun r = new TrainRun(new double[] {5, 0.01, 3.7, 2.5, Double.NaN}, 4.0, 4, true, false, false,
                List.of(new LoggedStep(1, 0, 0.1, 5, Double.NaN, 0.5, Double.NaN, new double[] {1, 2})),
                List.of(new dev.lrsweep.train.Event(2, "lr_reduced", "m", Map.of("epoch", 0.0))),
                new double[] {1, 2}, Double.NaN, 0.25, Double.NaN, 17L, 2, new double[] {2.9, 1.0 / 3});
        TrainRun back = RunCodec.decode(RunCodec.encode(r));
        assertArrayEquals(r.losses(), back.losses(), 0);
        assertEquals(2, back.stepsPerEpoch());
        assertArrayEquals(r.epochLosses(), back.epochLosses(), 0);
        assertEquals(Convergence.bestStep(r), Convergence.bestStep(back));
        assertEquals(Convergence.bestLoss(r), Convergence.bestLoss(back), 0);
    }

    @Test
    void aStepWithoutItsParametersComesBackWithItsNorm() {
        // sqrt(3^2 + 4^2 + 12^2) = 13, and a norm with all its bits
        double odd = Math.sqrt(2) * 1e-3;
        TrainRun r = new TrainRun(new double[] {5, 4}, 5, 2, false, false, false,
                List.of(new LoggedStep(1, 0, 0.1, 5, Double.NaN, Double.NaN, Double.NaN, null, 13.0),
                        new LoggedStep(2, 0, 0.1, 4, Double.NaN, Double.NaN, Double.NaN, null, odd),
                        new LoggedStep(3, 0, 0.1, 4, Double.NaN, Double.NaN, Double.NaN, new double[] {3, 4, 12})),
                List.of(), new double[] {3, 4, 12}, Double.NaN, Double.NaN, Double.NaN, 0L);
        ObjectNode n = RunCodec.encode(r);
        assertEquals(false, n.get("logged").get(0).has("params"));
        TrainRun back = RunCodec.decode(n);
        assertEquals(null, back.logged().get(0).params());
        assertEquals(13.0, back.logged().get(0).paramNorm(), 0);
        assertEquals(odd, back.logged().get(1).paramNorm(), 0);
        assertArrayEquals(new double[] {3, 4, 12}, back.logged().get(2).params(), 0);
        assertEquals(13.0, back.logged().get(2).paramNorm(), 0);
    }

    @Test
    void aRecordWithoutEpochLossesIsRefused() {
        TrainRun r = new TrainRun(new double[] {1, 0.5}, 1, 1, false, false, false, List.of(), List.of(),
                new double[] {0}, Double.NaN, Double.NaN, Double.NaN, 0L);
        ObjectNode n = RunCodec.encode(r);
        n.remove("epoch_losses");
        assertThrows(IllegalArgumentException.class, () -> RunCodec.decode(n));
    }
}
