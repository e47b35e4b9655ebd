package dev.descent;

/**
 * One recorded operation in the graph: which primitive made a tensor, from which inputs, and how
 * to turn the gradient of its output into gradients of those inputs.
 */
final class Node {
    /** The gradient rule: given dL/d(output), returns dL/d(input i) for each input (null where none is needed). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    final Tensor[] inputs;
    private final int[] versions;
    private Backward backward;
    final Throwable createdAt;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.versions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            versions[i] = inputs[i].version;
        }
        this.createdAt = Anomaly.isEnabled() ? new Throwable(op + " was created here") : null;
    }

    Tensor[] backward(Tensor gradOutput) {
        if (backward == null) {
            throw new IllegalStateException("backward: the graph through '" + op + "' was already freed by an earlier"
                    + " backward(); call backward(true) (retainGraph) the first time to backward through it again");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].version != versions[i]) {
                throw new IllegalStateException("backward: input " + i + " of '" + op + "' (shape " + inputs[i].shape()
                        + ") was modified in place after it was used (version " + inputs[i].version + ", expected "
                        + versions[i] + "); update variables only after backward(), or compute on a copy");
            }
        }
        return backward.apply(gradOutput);
    }

    void free() {
        backward = null;
    }
}
