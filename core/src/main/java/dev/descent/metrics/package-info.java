/** Regression and classification metrics computed as sklearn.metrics computes them. */
package dev.descent.metrics;
