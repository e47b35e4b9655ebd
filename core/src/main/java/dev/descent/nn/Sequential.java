package dev.descent.nn;

import dev.descent.Tensor;

/**
 * A chain of modules applied in order, PyTorch's {@code nn.Sequential}: y = fₙ(…f₂(f₁(x))).
 *
 * <p>The children are named {@code 0, 1, 2, …}, so parameter names are {@code 0.weight},
 * {@code 2.bias} and so on, exactly as in PyTorch.
 *
 * <pre>{@code
 * jshell> var rng = new Random(0);
 * jshell> var mlp = new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 1, rng));
 * jshell> mlp.namedParameters().keySet()
 * $3 ==> [0.weight, 0.bias, 2.weight, 2.bias]
 * }</pre>
 */
public final class Sequential extends Module {
    private final Module[] layers;

    /** The modules in the order their forward passes run. */
    public Sequential(Module... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < this.layers.length; i++) {
            registerModule(Integer.toString(i), this.layers[i]);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    /** The module at {@code index} ({@code model[index]}). */
    public Module get(int index) {
        if (index < 0 || index >= layers.length) {
            throw new IndexOutOfBoundsException("Sequential: index " + index + " is out of range for "
                    + layers.length + " modules");
        }
        return layers[index];
    }

    /** The number of modules ({@code len(model)}). */
    public int size() {
        return layers.length;
    }
}
