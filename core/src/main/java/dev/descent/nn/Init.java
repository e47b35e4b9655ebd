package dev.descent.nn;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.util.Random;

/**
 * Weight initialisers, PyTorch's {@code torch.nn.init}: each overwrites a tensor in place (under
 * {@link NoGrad}, so parameters can be initialised) from an explicit {@link Random}, and returns it.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [out, in, k…]}, fan_in = in·∏k and
 * fan_out = out·∏k. Xavier (Glorot) keeps the variance equal in both directions,
 * Var = gain²·2/(fan_in + fan_out); Kaiming (He) keeps it in one, Var = gain²/fan.
 *
 * <pre>{@code
 * jshell> var w = Tensor.zeros(64, 32).requiresGrad(true);
 * jshell> Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, new Random(0));   // std √(2/32)
 * }</pre>
 */
public final class Init {
    private Init() {
    }

    /** Which fan Kaiming initialisation preserves: the forward pass ({@code fan_in}) or the backward ({@code fan_out}). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** The activations {@link #calculateGain} knows, as {@code torch.nn.init.calculate_gain}. */
    public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /**
     * The recommended gain for an activation ({@code calculate_gain}): 1 for linear and sigmoid,
     * 5/3 for tanh, √2 for ReLU, √(2/(1+slope²)) for leaky ReLU, 3/4 for SELU.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double negativeSlope) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            case SELU -> 0.75;
        };
    }

    /** U(-a, a) with a = √(6/(fan_in + fan_out)) ({@code xavier_uniform_}). */
    public static Tensor xavierUniform(Tensor tensor, Random rng) {
        return xavierUniform(tensor, 1.0, rng);
    }

    /** U(-a, a) with a = gain·√(6/(fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor tensor, double gain, Random rng) {
        int[] fans = fans("xavierUniform", tensor);
        double bound = gain * Math.sqrt(6.0 / (fans[0] + fans[1]));
        return uniform(tensor, -bound, bound, rng);
    }

    /** N(0, σ²) with σ = √(2/(fan_in + fan_out)) ({@code xavier_normal_}). */
    public static Tensor xavierNormal(Tensor tensor, Random rng) {
        return xavierNormal(tensor, 1.0, rng);
    }

    /** N(0, σ²) with σ = gain·√(2/(fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor tensor, double gain, Random rng) {
        int[] fans = fans("xavierNormal", tensor);
        return normal(tensor, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])), rng);
    }

    /** PyTorch's defaults for {@code kaiming_uniform_}: a = 0, fan_in, leaky ReLU (so gain √2). */
    public static Tensor kaimingUniform(Tensor tensor, Random rng) {
        return kaimingUniform(tensor, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    /**
     * U(-b, b) with b = gain·√(3/fan) ({@code kaiming_uniform_}); {@code a} is the negative slope
     * used by the gain of leaky ReLU.
     */
    public static Tensor kaimingUniform(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity, Random rng) {
        double bound = calculateGain(nonlinearity, a) * Math.sqrt(3.0 / fan("kaimingUniform", tensor, mode));
        return uniform(tensor, -bound, bound, rng);
    }

    /** PyTorch's defaults for {@code kaiming_normal_}: a = 0, fan_in, leaky ReLU. */
    public static Tensor kaimingNormal(Tensor tensor, Random rng) {
        return kaimingNormal(tensor, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    /** N(0, σ²) with σ = gain/√fan ({@code kaiming_normal_}). */
    public static Tensor kaimingNormal(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity, Random rng) {
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan("kaimingNormal", tensor, mode));
        return normal(tensor, 0, std, rng);
    }

    /** U(low, high) ({@code uniform_}). */
    public static Tensor uniform(Tensor tensor, double low, double high, Random rng) {
        return fill(tensor, Tensor.uniform(rng, low, high, tensor.shape().dims()));
    }

    /** N(mean, std²) ({@code normal_}). */
    public static Tensor normal(Tensor tensor, double mean, double std, Random rng) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        return fill(tensor, Tensor.randn(rng, tensor.shape().dims()).mul(std).add(mean));
    }

    /** Every element set to {@code value} ({@code constant_}). */
    public static Tensor constant(Tensor tensor, double value) {
        return fill(tensor, Tensor.of(value));
    }

    /** Every element 0 ({@code zeros_}). */
    public static Tensor zeros(Tensor tensor) {
        return constant(tensor, 0.0);
    }

    /** Every element 1 ({@code ones_}). */
    public static Tensor ones(Tensor tensor) {
        return constant(tensor, 1.0);
    }

    private static Tensor fill(Tensor tensor, Tensor values) {
        Scope scope = NoGrad.scope();
        try (scope) {
            return tensor.copyInPlace(values);
        }
    }

    private static double fan(String op, Tensor tensor, FanMode mode) {
        int[] fans = fans(op, tensor);
        return mode == FanMode.FAN_IN ? fans[0] : fans[1];
    }

    /** {fan_in, fan_out} as PyTorch's {@code _calculate_fan_in_and_fan_out}. */
    private static int[] fans(String op, Tensor tensor) {
        int[] d = tensor.shape().dims();
        if (d.length < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out need a tensor of at least 2 dimensions, got shape "
                    + tensor.shape());
        }
        int receptive = 1;
        for (int i = 2; i < d.length; i++) {
            receptive *= d[i];
        }
        if (d[1] * receptive == 0 || d[0] * receptive == 0) {
            throw new IllegalArgumentException(op + ": cannot initialise a tensor with zero elements, shape " + tensor.shape());
        }
        return new int[] {d[1] * receptive, d[0] * receptive};
    }
}
