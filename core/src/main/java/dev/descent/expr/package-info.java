/** A small expression language ({@code 2*x^2 + sin(x*y)}) parsed by hand and evaluated with tensors, so autograd applies. */
package dev.descent.expr;
