package dev.lrsweep.schedule;

import java.util.OptionalDouble;

/**
 * PyTorch {@code CyclicLR}: the rate climbs from {@code baseLr} to {@code maxLr} over {@code up}
 * steps and falls back over {@code down} steps, the swing scaled per cycle by the mode, while the
 * momentum moves the opposite way between {@code maxMomentum} and {@code baseMomentum}:
 * <pre>
 * cycle = 1 + step // (up+down);  pos = step % (up+down)
 * x = pos/up while pos &lt;= up, else (up+down-pos)/down
 * scale = 1 (triangular) | 1/2^(cycle-1) (triangular2) | gamma^step (exp_range)
 * lr = baseLr + (maxLr - baseLr) * x * scale;  momentum = maxMomentum - (maxMomentum - baseMomentum) * x * scale
 * </pre>
 */
record CyclicLr(double baseLr, double maxLr, long up, long down, Mode mode, double gamma,
        double baseMomentum, double maxMomentum) implements Schedule {

    /** How the swing shrinks from cycle to cycle. */
    enum Mode {
        /** No shrinking. */
        TRIANGULAR,
        /** Halved every cycle. */
        TRIANGULAR2,
        /** Multiplied by {@code gamma} every step. */
        EXP_RANGE
    }

    @Override
    public double valueAt(long step) {
        return baseLr + (maxLr - baseLr) * swing(step);
    }

    @Override
    public OptionalDouble momentumAt(long step) {
        return OptionalDouble.of(maxMomentum - (maxMomentum - baseMomentum) * swing(step));
    }

    /** The fraction of the way from the base to the peak, scaled by the mode. */
    private double swing(long step) {
        Steps.check(step);
        long total = up + down;
        long cycle = step / total + 1;
        long pos = step % total;
        double x = pos <= up ? (double) pos / up : (double) (total - pos) / down;
        double scale = switch (mode) {
            case TRIANGULAR -> 1.0;
            case TRIANGULAR2 -> Math.pow(0.5, cycle - 1);
            case EXP_RANGE -> Math.pow(gamma, step);
        };
        return x * scale;
    }
}
