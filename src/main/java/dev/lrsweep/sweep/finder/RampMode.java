package dev.lrsweep.sweep.finder;

/** How the learning rate moves from the minimum to the maximum over the range test. */
public enum RampMode {
    /** Geometric steps: equal ratios between consecutive rates (pytorch-lr-finder "exp"). */
    EXP,
    /** Arithmetic steps: equal differences between consecutive rates. */
    LINEAR
}
