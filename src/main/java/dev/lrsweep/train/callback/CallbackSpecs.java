package dev.lrsweep.train.callback;

import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.Objects;

/** Spec reading shared by the callbacks: wrapping the flag text and checked number getters. */
final class CallbackSpecs {
    private static final List<String> MODES = List.of("min", "max");

    private CallbackSpecs() {
    }

    /**
     * Reads {@code keyValues} (the inside of the parentheses, possibly empty) as {@code name(...)}.
     */
    static Spec wrap(String name, String keyValues) {
        Objects.requireNonNull(keyValues, "keyValues");
        String inner = keyValues.strip();
        return Spec.parse(inner.isEmpty() ? name : name + "(" + inner + ")");
    }

    /** {@code mode=min|max}, default min; true for max. */
    static boolean maxMode(Spec spec) {
        return spec.getWord("mode", "min", MODES).equals("max");
    }

    /** A whole number in [0, Integer.MAX_VALUE], or {@code def} when absent. */
    static int nonNegativeInt(Spec spec, String key, int def) {
        long v = spec.getLong(key, def);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new SpecException(spec.name() + ": '" + key + "' must be a whole number >= 0, got "
                    + spec.value(key));
        }
        return (int) v;
    }

    /** A finite number >= 0, or {@code def} when absent. */
    static double nonNegative(Spec spec, String key, double def) {
        double v = spec.getDouble(key, def);
        if (v < 0) {
            throw new SpecException(spec.name() + ": '" + key + "' must be >= 0, got " + spec.value(key));
        }
        return v;
    }

    /** Shortest text that reads back as the same double (for toString forms). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
