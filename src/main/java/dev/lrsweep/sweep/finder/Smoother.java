package dev.lrsweep.sweep.finder;

/**
 * The per-run loss smoothing of one compat (see {@link FinderCompat}). One instance per run.
 */
final class Smoother {
    private final FinderCompat compat;
    private final double beta;
    private double avg;
    private int count;

    Smoother(FinderCompat compat, double beta) {
        this.compat = compat;
        this.beta = beta;
    }

    /**
     * Feeds the raw loss of the next step.
     *
     * @param raw the raw loss
     * @return the smoothed loss the compat records for this step
     */
    double next(double raw) {
        int k = count++;
        switch (compat) {
            case DAVIDTVS: {
                double smoothF = 1 - beta;
                if (k == 0 || smoothF == 0) {
                    avg = raw;
                } else {
                    avg = smoothF * raw + (1 - smoothF) * avg;
                }
                return avg;
            }
            case LRSWEEP:
            case FASTAI:
                avg = beta * avg + (1 - beta) * raw;
                return avg / (1 - Math.pow(beta, k + 1));
            case LIGHTNING:
                avg = beta * avg + (1 - beta) * raw;
                return avg / (1 - Math.pow(beta, k + 2));
            default:
                throw new AssertionError(compat);
        }
    }
}
