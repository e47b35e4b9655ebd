package dev.descent.nn;

/**
 * Normalises each channel of images over the batch and the pixels, PyTorch's
 * {@code nn.BatchNorm2d(channels)}: {@code [batch, channels, height, width]} → the same shape, with
 * μ and σ² of each channel over batch, height and width. See {@link BatchNorm} for the running
 * statistics and options; the state dict has PyTorch's five entries.
 */
public final class BatchNorm2d extends BatchNorm {
    /** Normalises {@code channels} channels with PyTorch's defaults (ε = 1e-5, momentum 0.1, affine). */
    public BatchNorm2d(int channels) {
        this(channels, Options.DEFAULT);
    }

    /**
     * Normalises {@code channels} channels.
     *
     * @throws IllegalArgumentException if channels is below 1
     */
    public BatchNorm2d(int channels, Options options) {
        super(channels, options);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    String expected() {
        return "[batch, " + features() + ", height, width]";
    }
}
