package dev.descent;

/**
 * PyTorch's {@code with torch.no_grad():}: inside the scope no operation is recorded for backward,
 * which is how the course updates its variables ({@code x -= lr * x.grad}) without that update
 * becoming part of the next gradient.
 *
 * <pre>{@code
 * try (var scope = NoGrad.scope()) {
 *     x.subInPlace(x.grad().mul(learningRate));
 * }
 * }</pre>
 *
 * The mode is per thread and scopes nest; closing a scope restores the mode that was in force
 * when it was opened. Scopes close innermost first; closing an outer one while an inner one is
 * open is refused rather than leaving gradients off.
 */
public final class NoGrad {
    private NoGrad() {
    }

    /** Opens a scope in which operations are not recorded; close it (try-with-resources) to leave. */
    public static Scope scope() {
        ThreadModes.Mode mode = ThreadModes.current().noGrad;
        return new Scope(mode, mode.depth + 1);
    }

    /** True when the current thread records operations for backward (outside every no-grad scope). */
    public static boolean isGradEnabled() {
        return ThreadModes.current().noGrad.depth == 0;
    }

    /** Records operations again until closed; the engine uses it to build the graph of a gradient. */
    static Scope enableGrad() {
        return new Scope(ThreadModes.current().noGrad, 0);
    }
}
