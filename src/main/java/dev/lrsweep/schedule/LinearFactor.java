package dev.lrsweep.schedule;

/**
 * PyTorch {@code LinearLR}:
 * {@code lr * (startFactor + (endFactor - startFactor) * min(totalIters, step)/totalIters)}.
 */
record LinearFactor(double lr, double startFactor, double endFactor, long totalIters)
        implements Schedule {
    @Override
    public double valueAt(long step) {
        double done = (double) Math.min(totalIters, Steps.check(step)) / totalIters;
        return lr * (startFactor + (endFactor - startFactor) * done);
    }
}
