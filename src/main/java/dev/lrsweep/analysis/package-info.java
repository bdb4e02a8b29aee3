/**
 * Curvature and closed forms: the critical learning rate above which gradient descent must diverge
 * and the optimum it should reach, for the models where theory gives them.
 */
package dev.lrsweep.analysis;
