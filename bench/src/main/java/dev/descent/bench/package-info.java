/** JMH benchmarks of Descent's kernels and of its per-operation autograd overhead. */
package dev.descent.bench;
