/**
 * Learning-rate schedules: stateless {@code lr = f(step)} functions with a round-trip-safe text
 * form. Names and semantics follow Keras (and PyTorch where Keras has none); see SEMANTICS.md §2–3.
 */
package dev.lrsweep.schedule;
