package dev.lrsweep.sweep;

/**
 * One point of a sweep, fixed before anything runs.
 *
 * @param id   stable 0-based position in the trial list
 * @param lr   the learning rate (a schedule's initial or peak rate)
 * @param seed the seed its initial parameters, batch order and splits derive from
 */
public record Trial(int id, double lr, long seed) {
}
