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

    /** A gradient rule that reads the operation's own result, such as exp's dL/dx = g·eˣ. */
    @FunctionalInterface
    interface BackwardOfOutput {
        Tensor[] apply(Tensor gradOutput, Tensor output);
    }

    final String op;
    final Tensor[] inputs;
    private final int[] versions;
    /** The result, when the rule reads it, and its version when recorded; null otherwise. */
    private final Tensor savedOutput;
    private final int savedOutputVersion;
    private volatile Backward backward;
    /** Where the user's code made this operation, when anomaly detection was on; null otherwise. */
    final String createdAt;

    Node(String op, Tensor[] inputs, Backward backward, Tensor savedOutput) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.versions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            versions[i] = inputs[i].data.version();
        }
        this.savedOutput = savedOutput;
        this.savedOutputVersion = savedOutput == null ? 0 : savedOutput.data.version();
        this.createdAt = Anomaly.isEnabled() ? Anomaly.callerOutsideLibrary() : null;
    }

    Tensor[] backward(Tensor gradOutput) {
        Backward rule = backward;
        if (rule == null) {
            throw new IllegalStateException("backward: the graph through '" + op + "' was already freed by an earlier"
                    + " backward(); call backward(true) (retainGraph) the first time to backward through it again");
        }
        for (int i = 0; i < inputs.length; i++) {
            checkVersion("input " + i, inputs[i], versions[i]);
        }
        if (savedOutput != null) {
            checkVersion("the result", savedOutput, savedOutputVersion);
        }
        return rule.apply(gradOutput);
    }

    private void checkVersion(String what, Tensor t, int expected) {
        int now = t.data.version();
        if (now != expected) {
            throw new IllegalStateException("backward: " + what + " of '" + op + "' (shape " + t.shape()
                    + ") was modified in place after it was used (version " + now + ", expected " + expected
                    + "), directly or through a tensor sharing its storage such as detach(); update variables only"
                    + " after backward(), or compute on a clone()");
        }
    }

    void free() {
        backward = null;
    }
}
