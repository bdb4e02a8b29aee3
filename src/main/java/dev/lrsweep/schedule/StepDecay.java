package dev.lrsweep.schedule;

/** PyTorch {@code StepLR}: {@code lr * factor^(step // every)}. */
record StepDecay(double lr, long every, double factor) implements Schedule {
    @Override
    public double valueAt(long step) {
        return lr * Math.pow(factor, Steps.check(step) / every);
    }
}
