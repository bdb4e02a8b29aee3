package dev.lrsweep.optim;

import dev.lrsweep.spec.SpecException;

/** Range checks shared by the optimizers' constructors and {@link OptimizerSpec}. */
final class Checks {
    private Checks() {
    }

    /** {@code v} in [0, 1]. */
    static double closedUnit(String who, String key, double v) {
        if (!(v >= 0 && v <= 1)) throw bad(who, key, "must be in [0, 1]", v);
        return v;
    }

    /** {@code v} in [0, 1): a decay of 1 would never move (or divide by zero in Adam's bias correction). */
    static double openUnit(String who, String key, double v) {
        if (!(v >= 0 && v < 1)) throw bad(who, key, "must be in [0, 1)", v);
        return v;
    }

    /** {@code v} finite and not negative. */
    static double nonNegative(String who, String key, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) throw bad(who, key, "must be a finite number >= 0", v);
        return v;
    }

    /** A parameter count that arrays can be made of. */
    static int paramCount(String who, int n) {
        if (n < 0) throw new IllegalArgumentException(who + ": parameter count must be >= 0, got " + n);
        return n;
    }

    /** Both arrays have the optimizer's parameter count. Allocates only when it throws. */
    static void lengths(String who, int n, double[] params, double[] grad) {
        if (params.length != n || grad.length != n) {
            throw new IllegalArgumentException(who + ": created for " + n + " parameters, got params of "
                    + params.length + " and grad of " + grad.length);
        }
    }

    private static SpecException bad(String who, String key, String rule, double v) {
        return new SpecException(who + ": '" + key + "' " + rule + ", got " + show(v));
    }

    /** Whole numbers without a trailing ".0", others as Java prints them. */
    static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
