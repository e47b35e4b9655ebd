/** Tensors and reverse-mode automatic differentiation: the {@code torch} of Descent. */
package dev.descent;
