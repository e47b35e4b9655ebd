/** Loops over plain {@code double[]} arrays in row-major order; they know nothing of tensors or graphs. */
package dev.descent.kernel;
