/** The end-to-end benchmark workloads behind {@code descent bench}, matched to the NumPy and PyTorch peer scripts. */
package dev.descent.cli.bench;
