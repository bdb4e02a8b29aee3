package dev.lrsweep.schedule;

/** The same rate at every step. */
record Constant(double lr) implements Schedule {
    @Override
    public double valueAt(long step) {
        Steps.check(step);
        return lr;
    }
}
