package dev.lrsweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.train.callback.EarlyStopping;
import dev.lrsweep.train.callback.ReduceLrOnPlateau;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the spec parsers behind {@code --schedule}, {@code --optimizer}, {@code --model},
 * {@code --reduce-on-plateau} and {@code --early-stopping}. Whatever the text, a parser either
 * accepts it or throws the {@link IllegalArgumentException} ({@link SpecException}) the command
 * line turns into a one-line error; an accepted schedule, optimizer or model prints back as text
 * that reads to the same spec, a schedule gives a rate for any step, and an optimizer can update.
 *
 * <p>The first input character chooses the parser ({@code 0} schedule, {@code 1} optimizer,
 * {@code 2} model, {@code 3} plateau, {@code 4} early stopping); the rest is the spec text.
 *
 * <p>Plain {@code mvn test} runs the inputs in
 * {@code src/test/resources/dev/lrsweep/spec/SpecParsersFuzzTestInputs/specs/} once each (Jazzer's
 * regression mode, offline, about a second). To fuzz for real for up to a minute:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SpecParsersFuzzTest -Djazzer.hooks=true}.
 */
class SpecParsersFuzzTest {
    private static final long[] STEPS = {0, 1, 2, 9, 10, 99, 1000, 123_457, 1L << 40, Long.MAX_VALUE};

    @FuzzTest(maxDuration = "60s")
    void specs(byte[] input) {
        int which = input.length == 0 ? 0 : Math.floorMod(input[0] - '0', 5);
        String text = input.length == 0 ? "" : new String(Arrays.copyOfRange(input, 1, input.length),
                StandardCharsets.UTF_8);
        try {
            switch (which) {
                case 0 -> schedule(text);
                case 1 -> optimizer(text);
                case 2 -> model(text);
                case 3 -> {
                    ReduceLrOnPlateau.parse(text, Compat.KERAS);
                    ReduceLrOnPlateau.parse(text, Compat.TORCH);
                }
                default -> {
                    EarlyStopping.parse(text, Compat.KERAS);
                    EarlyStopping.parse(text, Compat.TORCH);
                }
            }
        } catch (IllegalArgumentException expected) {
            // the documented rejection: the command line prints it as one line, exit code 2
        }
    }

    private static void schedule(String text) {
        ScheduleSpec spec = ScheduleSpec.parse(text);
        assertEquals(spec.toString(), ScheduleSpec.parse(spec.toString()).toString(), "prints back as read");
        for (double lr : new double[] {0, 0.01, 3}) {
            Schedule s = spec.at(lr);
            for (long step : STEPS) {
                s.valueAt(step);
                s.momentumAt(step);
            }
        }
    }

    private static void optimizer(String text) {
        OptimizerSpec spec = OptimizerSpec.parse(text);
        assertEquals(spec.toString(), OptimizerSpec.parse(spec.toString()).toString(), "prints back as read");
        for (Compat compat : Compat.values()) {
            Optimizer o;
            try {
                o = spec.create(3, compat);
            } catch (SpecException e) {
                continue; // an option the other library lacks, e.g. dampening under Keras
            }
            double[] params = {0.5, -1, 2};
            o.update(params, new double[] {1, -2, 0.25}, 0.01);
            o.update(params, new double[] {0, 0, 0}, 0.01);
        }
    }

    private static void model(String text) {
        ModelSpec spec = ModelSpec.parse(text);
        assertEquals(spec.toString(), ModelSpec.parse(spec.toString()).toString(), "prints back as read");
    }
}
