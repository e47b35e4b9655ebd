/** Data sets, mini-batches, feature scaling and train/test splits: the {@code torch.utils.data} and sklearn preprocessing of Descent. */
package dev.descent.data;
