package dev.lrsweep.model;

import java.util.Locale;

/**
 * The activation of an {@link Mlp}'s hidden units, which also picks the weight initialisation that
 * keeps activations at a steady scale through the layers.
 */
public enum Activation {
    /** {@code max(z, 0)}, with He normal initialisation; the derivative at 0 is taken as 0. */
    RELU,
    /** {@code tanh(z)}, with Glorot (Xavier) uniform initialisation. */
    TANH;

    /** The name used in specs: {@code relu} or {@code tanh}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
