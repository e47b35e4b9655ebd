/** Optimizers that update parameters from their gradients, and gradient clipping: the {@code torch.optim} of Descent. */
package dev.descent.optim;
