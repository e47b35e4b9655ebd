package dev.descent;

/**
 * How many times a storage has been changed in place, shared by every tensor that views that
 * storage ({@code detach()} and the tensor it came from), as PyTorch's views share one counter.
 * A recorded operation notes the counts of the tensors its gradient rule reads, and
 * {@code backward} refuses to run the rule when any of them moved: a change through any alias
 * is caught, not only a change through the tensor the rule saw.
 */
final class VersionCounter {
    private int value;

    int get() {
        return value;
    }

    void bump() {
        value++;
    }
}
