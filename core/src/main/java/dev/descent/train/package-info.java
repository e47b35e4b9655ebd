/** An optional training loop for the common case (epochs, validation, metrics, early stopping, checkpoints): sugar over nn, optim and data. */
package dev.descent.train;
