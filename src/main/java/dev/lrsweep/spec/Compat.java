package dev.lrsweep.spec;

/**
 * Which library's forms to follow where Keras and PyTorch differ (epsilon placement, momentum
 * buffers, plateau rules, defaults). Keras is the default; see SEMANTICS.md and the README.
 */
public enum Compat {
    /** Keras 3 semantics (the default). */
    KERAS,
    /** PyTorch semantics ({@code --compat torch}). */
    TORCH
}
