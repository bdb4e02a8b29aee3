/**
 * The text form of specs ({@code name(key=value,...)}) shared by schedules, optimizers and
 * callbacks, and the Keras/PyTorch compatibility switch. Depends on nothing else in lrsweep.
 */
package dev.lrsweep.spec;
