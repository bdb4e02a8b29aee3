/**
 * Optimizers: stateful per-trial update rules (SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam,
 * AdamW) and gradient clipping, in Keras's forms by default and PyTorch's with {@code --compat torch}.
 */
package dev.lrsweep.optim;
