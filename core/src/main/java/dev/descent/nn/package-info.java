/** Neural-network layers, initialisers and loss functions built on tensors: Descent's {@code torch.nn}. */
package dev.descent.nn;
