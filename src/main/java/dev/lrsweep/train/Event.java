package dev.lrsweep.train;

import java.util.Map;

/**
 * Something a callback or the loop did during a run, for the table and the JSON {@code events}.
 *
 * @param step    the step after which it happened (1-based)
 * @param kind    {@code lr_reduced}, {@code stopped_early}, {@code best_restored} or {@code gradient_clipped}
 * @param message one human line
 * @param values  the numbers behind it (for example {@code old_lr}, {@code new_lr}), in a stable order
 */
public record Event(int step, String kind, String message, Map<String, Double> values) {
}
