package dev.descent;

import dev.descent.kernel.Elementwise.Binary;
import dev.descent.kernel.Storage;
import java.util.List;
import java.util.Random;

/**
 * An n-dimensional array of numbers that records the operations made from it, so that
 * {@link #backward()} can compute gradients: Descent's {@code torch.Tensor}.
 *
 * <p>Storage is contiguous and row-major; shapes broadcast as in NumPy. Elements are float64 unless
 * made otherwise ({@link DType}: {@code Tensor.zeros(DType.FLOAT32, 2, 3)}, {@code x.to(DType.FLOAT32)}). Operations never change
 * their operands and return new tensors; only the {@code ...InPlace} methods mutate, and only
 * where that cannot corrupt a recorded graph. Equality is identity; compare values with
 * {@link #allClose(Tensor, double, double)}.
 *
 * <pre>{@code
 * jshell> var x = Tensor.of(3.0).requiresGrad(true);
 * jshell> var y = x.pow(2).mul(2);        // y = 2x²
 * jshell> y.backward();
 * jshell> x.grad()                        // dy/dx = 4x = 12
 * $4 ==> tensor(12.)
 * }</pre>
 */
public final class Tensor {
    /** The elements; shared with every tensor over the same storage, whose version counter it keeps. */
    final Storage data;
    private final Shape shape;
    private boolean requiresGrad;
    /** A Java number made a tensor for an operation: like PyTorch's wrapped numbers, it never promotes the other operand. */
    private boolean wrappedNumber;
    private volatile Tensor grad;
    Node node;

    Tensor(Storage data, Shape shape) {
        this.data = data;
        this.shape = shape;
    }

    /** The result of a primitive: records {@code backward} when grad mode is on and an input requires grad. */
    static Tensor record(String op, Storage data, Shape shape, Node.Backward backward, Tensor... inputs) {
        Tensor out = new Tensor(data, shape);
        if (recording(inputs)) {
            out.requiresGrad = true;
            out.node = new Node(op, inputs, backward, null);
        }
        return out;
    }

    /**
     * As {@link #record(String, Storage, Shape, Node.Backward, Tensor...)} for a rule that reads the
     * result itself (exp, sqrt, tanh, ...): the result's version is checked at backward too.
     */
    static Tensor recordSavingOutput(String op, Storage data, Shape shape, Node.BackwardOfOutput backward,
                                     Tensor... inputs) {
        Tensor out = new Tensor(data, shape);
        if (recording(inputs)) {
            out.requiresGrad = true;
            out.node = new Node(op, inputs, g -> backward.apply(g, out), out);
        }
        return out;
    }

    private static boolean recording(Tensor[] inputs) {
        // The inputs are asked first: a field load each, cheaper than the thread's mode.
        for (Tensor in : inputs) {
            if (in.requiresGrad) {
                return NoGrad.isGradEnabled();
            }
        }
        return false;
    }

    /** A tensor outside any graph; takes ownership of {@code data}. */
    static Tensor constant(Storage data, Shape shape) {
        return new Tensor(data, shape);
    }

    /**
     * The Java number {@code value} as an operand ({@code x.mul(2.0)}, a 0 in a where): a 0-d float64
     * tensor that takes the other operand's type, as a Python number does in PyTorch.
     */
    static Tensor scalar(double value) {
        Tensor t = constant(new double[] {value}, Shape.scalar());
        t.wrappedNumber = true;
        return t;
    }

    boolean isWrappedNumber() {
        return wrappedNumber;
    }

    /** A float64 tensor outside any graph; takes ownership of {@code data}. */
    static Tensor constant(double[] data, Shape shape) {
        return new Tensor(Storage.wrap(data), shape);
    }

    // ---------------------------------------------------------------- creation

    /** A scalar (shape {@code []}), like {@code torch.tensor(3.0)}. */
    public static Tensor of(double value) {
        return constant(new double[] {value}, Shape.scalar());
    }

    /** A vector of the given values (shape {@code [n]}), like {@code torch.tensor([1., 2., 3.])}. */
    public static Tensor of(double... values) {
        return constant(values.clone(), Shape.of(values.length));
    }

    /**
     * A float32 vector of the given values, like {@code torch.tensor([1., 2.], dtype=torch.float32)}.
     * (Not a varargs method, so that {@code Tensor.of(1, 2, 3)} stays float64.)
     */
    public static Tensor of(float[] values) {
        return new Tensor(Storage.wrap(values.clone()), Shape.of(values.length));
    }

    /**
     * A float32 matrix from rows of equal length ({@code [rows, cols]}).
     *
     * @throws ShapeException if the rows differ in length
     */
    public static Tensor of(float[][] rows) {
        return Creation.fromRows(rows);
    }

    /**
     * A float32 tensor of the given shape filled row-major from {@code values} (copied).
     *
     * @throws ShapeException if the number of values is not the shape's number of elements
     */
    public static Tensor of(float[] values, Shape shape) {
        Creation.checkFill("of", values.length, shape);
        return new Tensor(Storage.wrap(values.clone()), shape);
    }

    /** A matrix from rows of equal length, like {@code torch.tensor([[1., 2.], [3., 4.]])}. */
    public static Tensor of(double[][] rows) {
        return Creation.fromRows(rows);
    }

    /** A 3-dimensional tensor from nested arrays of equal lengths. */
    public static Tensor of(double[][][] blocks) {
        return Creation.fromBlocks(blocks);
    }

    /** A tensor of the given shape filled row-major from {@code values} (copied). */
    public static Tensor of(double[] values, Shape shape) {
        Creation.checkFill("of", values.length, shape);
        return constant(values.clone(), shape);
    }

    /**
     * A tensor of the given shape over {@code values} row-major, sharing the array instead of copying
     * it, as {@link java.nio.ByteBuffer#wrap} (and {@code torch.from_numpy}) do: for large data built
     * once, so that it is held once. The array then belongs to the tensor; changing it afterwards
     * changes the tensor behind autograd's back.
     *
     * @throws ShapeException if the shape does not hold exactly {@code values.length} elements
     */
    public static Tensor wrap(double[] values, Shape shape) {
        Creation.checkFill("wrap", values.length, shape);
        return constant(values, shape);
    }

    /** Zeros of the given shape ({@code torch.zeros}); no dimensions gives a scalar. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT64, shape);
    }

    /**
     * Zeros of the given type and shape ({@code torch.zeros(*shape, dtype=dtype)}).
     *
     * @throws ShapeException if a size is negative
     */
    public static Tensor zeros(DType dtype, int... shape) {
        Shape s = Creation.shape("zeros", shape);
        return new Tensor(Storage.zeros(dtype.elementSize(), s.numel()), s);
    }

    /** Ones of the given shape ({@code torch.ones}). */
    public static Tensor ones(int... shape) {
        return ones(DType.FLOAT64, shape);
    }

    /**
     * Ones of the given type and shape ({@code torch.ones(*shape, dtype=dtype)}).
     *
     * @throws ShapeException if a size is negative
     */
    public static Tensor ones(DType dtype, int... shape) {
        return Creation.full(dtype, 1.0, Creation.shape("ones", shape));
    }

    /** A tensor of the given shape filled with {@code value} ({@code torch.full}). */
    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT64, value, shape);
    }

    /**
     * A tensor of the given type and shape filled with {@code value} rounded to the type
     * ({@code torch.full(shape, value, dtype=dtype)}).
     *
     * @throws ShapeException if a size is negative
     */
    public static Tensor full(DType dtype, double value, int... shape) {
        return Creation.full(dtype, value, Creation.shape("full", shape));
    }

    /** {@code 0, 1, ..., end-1} ({@code torch.arange(end)}). */
    public static Tensor arange(double end) {
        return Creation.arange(0, end, 1);
    }

    /** {@code start, start+step, ...} up to but excluding {@code end} ({@code torch.arange}). */
    public static Tensor arange(double start, double end, double step) {
        return Creation.arange(start, end, step);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive ({@code torch.linspace}). */
    public static Tensor linspace(double start, double end, int steps) {
        return Creation.linspace(start, end, steps);
    }

    /** The {@code n×n} identity matrix ({@code torch.eye}). */
    public static Tensor eye(int n) {
        return Creation.eye(n);
    }

    /** Uniform samples in [0, 1) ({@code torch.rand}) from an explicit generator. */
    public static Tensor rand(Random rng, int... shape) {
        return Creation.uniform(rng, 0, 1, Creation.shape("rand", shape));
    }

    /** Uniform samples in [0, 1) from a seed: the same seed gives the same tensor. */
    public static Tensor rand(Shape shape, long seed) {
        return Creation.uniform(new Random(seed), 0, 1, shape);
    }

    /** Standard normal samples ({@code torch.randn}) from an explicit generator. */
    public static Tensor randn(Random rng, int... shape) {
        return Creation.normal(rng, Creation.shape("randn", shape));
    }

    /** Standard normal samples from a seed. */
    public static Tensor randn(Shape shape, long seed) {
        return Creation.normal(new Random(seed), shape);
    }

    /**
     * Uniform samples in [0, 1) of type {@code dtype} ({@code torch.rand(*shape, generator=g,
     * dtype=dtype)}): the numbers of {@code rand(rng, shape)} rounded to {@code dtype}, without a
     * float64 copy (a sample that would round up to 1 is the largest float below 1 instead).
     *
     * @throws ShapeException if a size is negative
     */
    public static Tensor rand(Random rng, DType dtype, int... shape) {
        return Creation.uniform(rng, dtype, 0, 1, Creation.shape("rand", shape));
    }

    /**
     * Standard normal samples of type {@code dtype} ({@code torch.randn(*shape, generator=g,
     * dtype=dtype)}): the same numbers as {@code randn(rng, shape).to(dtype)}, without the float64 copy.
     *
     * @throws ShapeException if a size is negative
     */
    public static Tensor randn(Random rng, DType dtype, int... shape) {
        return Creation.normal(rng, dtype, Creation.shape("randn", shape));
    }

    /**
     * Uniform samples in [low, high) of type {@code dtype}: the numbers of
     * {@code uniform(rng, low, high, shape)} rounded to {@code dtype}, without a float64 copy (a
     * sample that would round up to {@code high} is the float just below it instead).
     *
     * @throws IllegalArgumentException if {@code low >= high}, or a size is negative
     */
    public static Tensor uniform(Random rng, DType dtype, double low, double high, int... shape) {
        return Creation.uniform(rng, dtype, low, high, Creation.shape("uniform", shape));
    }

    /** Uniform samples in [low, high) ({@code torch.empty(...).uniform_(low, high)}). */
    public static Tensor uniform(Random rng, double low, double high, int... shape) {
        return Creation.uniform(rng, low, high, Creation.shape("uniform", shape));
    }

    /** Random integers in [low, high) stored as doubles ({@code torch.randint(low, high, shape)}). */
    public static Tensor randint(Random rng, long low, long high, int... shape) {
        return Creation.randint(rng, low, high, Creation.shape("randint", shape));
    }

    /** Zeros with the shape and type of {@code t} ({@code torch.zeros_like}). */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.dtype(), t.shape.dimsUnsafe());
    }

    /** Ones with the shape and type of {@code t} ({@code torch.ones_like}). */
    public static Tensor onesLike(Tensor t) {
        return ones(t.dtype(), t.shape.dimsUnsafe());
    }

    /** Joins tensors along an existing dimension ({@code torch.cat}). */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Movement.cat(tensors, dim);
    }

    /** Stacks tensors of one shape along a new dimension ({@code torch.stack}). */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Composites.stack(tensors, dim);
    }

    /** {@code condition ? a : b} elementwise, broadcasting all three ({@code torch.where}). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Arithmetic.where(condition, a, b);
    }

    // ---------------------------------------------------------------- shape and values

    /** The dimensions, e.g. {@code [506, 13]}. */
    public Shape shape() {
        return shape;
    }

    /** The element type ({@code x.dtype}): {@link DType#FLOAT64} unless made or cast otherwise. */
    public DType dtype() {
        return DType.ofSize(data.elementBytes());
    }

    /**
     * This tensor's values in type {@code dtype} ({@code x.to(dtype)}), rounded to nearest; this
     * tensor itself when it has that type already. Recorded like any operation: the gradient flows
     * back cast to this tensor's type.
     */
    public Tensor to(DType dtype) {
        return Movement.to(this, dtype);
    }

    /** The number of dimensions ({@code dim()} in PyTorch). */
    public int dim() {
        return shape.rank();
    }

    /** Number of elements. */
    public int numel() {
        return shape.numel();
    }

    int[] dims() {
        return shape.dimsUnsafe();
    }

    /** The value of a one-element tensor ({@code x.item()}). */
    public double item() {
        if (data.length() != 1) {
            throw new ShapeException("item: tensor of shape " + shape + " has " + data.length()
                    + " elements; item() needs exactly one");
        }
        return data.get(0);
    }

    /** The element at the given indices (one per dimension; negative counts from the end). */
    public double get(int... index) {
        return data.get(Creation.flatIndex(shape, index));
    }

    /** A row-major copy of the values (float32 values widened, exactly). */
    public double[] toArray() {
        return data.values();
    }

    /** A row-major copy of the values as float32 (float64 values rounded to nearest). */
    public float[] toFloatArray() {
        return data.floats();
    }

    /** The rows of a 2-dimensional tensor as a new array. */
    public double[][] toArray2d() {
        return Creation.toRows(this);
    }

    /**
     * True when every element is within {@code atol + rtol·|other|} of {@code other}'s, the two
     * broadcast together ({@code torch.allclose(x, other, rtol, atol, equal_nan=True)}: NaN equals NaN).
     *
     * @throws ShapeException if the shapes cannot be broadcast together
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return Creation.allClose(this, other, rtol, atol);
    }

    /** True when no element is NaN or infinite ({@code torch.isfinite(x).all()}). */
    public boolean allFinite() {
        return !hasNonFinite();
    }

    boolean hasNonFinite() {
        return data.hasNonFinite();
    }

    // ---------------------------------------------------------------- autograd

    /** Marks a leaf as a variable to differentiate by ({@code requires_grad_()}); returns this tensor. */
    public Tensor requiresGrad(boolean requires) {
        if (node != null) {
            throw new IllegalStateException("requiresGrad: only leaves can change requiresGrad; this tensor was made by '"
                    + node.op + "'. Use detach().requiresGrad(true) for a new leaf");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not made by a recorded operation (the variables and constants of the course). */
    public boolean isLeaf() {
        return node == null;
    }

    /** The name of the operation that made this tensor, or null for a leaf (PyTorch's {@code grad_fn}). */
    public String gradFn() {
        return node == null ? null : node.op;
    }

    /** The accumulated gradient ({@code x.grad}), or null before the first backward. */
    public Tensor grad() {
        return grad;
    }

    /** Sets the gradient to null, as {@code x.grad = None}/{@code zero_grad()} does; the next backward starts afresh. */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Adds {@code g} into {@link #grad()}; atomic, so passes on several threads may share a leaf. With
     * {@code adopt} (the engine knows nothing else holds g's storage) a first gradient is kept, not copied.
     */
    synchronized void accumulateGrad(Tensor g, boolean createGraph, boolean adopt) {
        if (grad == null) {
            grad = createGraph ? g : new Tensor(adopt ? g.data : g.data.copy(), shape);
        } else if (createGraph) {
            grad = grad.add(g);
        } else {
            grad.data.accumulate(g.data);
            grad.data.bumpVersion();
        }
    }

    /** Computes the gradient of this scalar with respect to every leaf that requires grad, adding it into their {@link #grad()}. */
    public void backward() {
        backward(false);
    }

    /** As {@link #backward()}; with {@code retainGraph} the graph is kept for another backward. */
    public void backward(boolean retainGraph) {
        if (shape.numel() != 1) {
            throw new ShapeException("backward: output has shape " + shape + "; call backward() on a scalar such as"
                    + " loss.mean(), or pass a gradient of shape " + shape);
        }
        backward(onesLike(this), retainGraph);
    }

    /** Backward from a non-scalar output, given dL/d(this) of this tensor's shape. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Backward from a non-scalar output, optionally keeping the graph for another backward. */
    public void backward(Tensor gradient, boolean retainGraph) {
        checkBackward(gradient);
        Engine.run(this, gradient, retainGraph, false, null);
    }

    void checkBackward(Tensor gradient) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require grad; mark the variables with"
                    + " requiresGrad(true) before computing the loss (and not inside NoGrad.scope())");
        }
        if (!gradient.shape.equals(shape)) {
            throw new ShapeException("backward: gradient has shape " + gradient.shape + " but the output has shape " + shape);
        }
    }

    /**
     * The same values as a new leaf that does not require grad ({@code x.detach()}). It shares
     * storage and the in-place version count with this tensor: changing it in place while this
     * tensor is saved for a backward pass is caught by that pass.
     */
    public Tensor detach() {
        return new Tensor(data, shape);
    }

    /**
     * A copy of the values in new storage ({@code x.clone()}): recorded like any operation, so the
     * gradient flows back to this tensor; {@code x.detach().clone()} is an independent new leaf.
     */
    @Override
    public Tensor clone() {
        return Movement.reshape(this, shape.dimsUnsafe());
    }

    // ---------------------------------------------------------------- in place (outside recorded graphs)

    /** {@code this += other} ({@code x.add_(other)}), broadcasting {@code other}. */
    public Tensor addInPlace(Tensor other) {
        return InPlace.apply("addInPlace", this, other, Binary.ADD);
    }

    /**
     * {@code this += alpha·other} ({@code x.add_(other, alpha=alpha)}) in one pass with no temporary,
     * exactly as {@code addInPlace(other.mul(alpha))} rounds; the optimizers' updates use it.
     */
    public Tensor addInPlace(Tensor other, double alpha) {
        return InPlace.addScaled(this, other, alpha);
    }

    /** {@code this -= other}, the course's update {@code x -= lr * x.grad}. */
    public Tensor subInPlace(Tensor other) {
        return InPlace.apply("subInPlace", this, other, Binary.SUB);
    }

    /** {@code this *= factor}. */
    public Tensor mulInPlace(double factor) {
        return InPlace.apply("mulInPlace", this, scalar(factor), Binary.MUL);
    }

    /** {@code this *= other} elementwise. */
    public Tensor mulInPlace(Tensor other) {
        return InPlace.apply("mulInPlace", this, other, Binary.MUL);
    }

    /** {@code this /= other} elementwise ({@code x.div_(other)}), broadcasting {@code other}. */
    public Tensor divInPlace(Tensor other) {
        return InPlace.apply("divInPlace", this, other, Binary.DIV);
    }

    /** Overwrites the values with {@code other}'s (broadcast), like {@code x.copy_(other)}. */
    public Tensor copyInPlace(Tensor other) {
        return InPlace.copy("copyInPlace", this, other);
    }

    /** Sets every element to {@code value} ({@code x.fill_(value)}). */
    public Tensor fillInPlace(double value) {
        return InPlace.copy("fillInPlace", this, scalar(value));
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code this + other} with broadcasting. */
    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return Arithmetic.add(this, scalar(value));
    }

    /** {@code this - other} with broadcasting. */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return Arithmetic.sub(this, scalar(value));
    }

    /** {@code this * other} elementwise with broadcasting (not the matrix product: see {@link #matmul}). */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(double value) {
        return Arithmetic.mul(this, scalar(value));
    }

    /** {@code this / other} elementwise with broadcasting. */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** {@code this / value}; divides (not a multiplication by 1/value, which rounds twice). */
    public Tensor div(double value) {
        return Arithmetic.div(this, scalar(value));
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Arithmetic.neg(this);
    }

    /** {@code this ** exponent} for a constant exponent. */
    public Tensor pow(double exponent) {
        return Arithmetic.pow(this, exponent);
    }

    /** {@code this ** exponent} elementwise; both may require grad. */
    public Tensor pow(Tensor exponent) {
        return Arithmetic.pow(this, exponent);
    }

    /** {@code this²}. */
    public Tensor square() {
        return Arithmetic.pow(this, 2.0);
    }

    /** eˣ. */
    public Tensor exp() {
        return Functions.exp(this);
    }

    /** Natural logarithm; NaN below 0 and -∞ at 0, as IEEE arithmetic gives. */
    public Tensor log() {
        return Functions.log(this);
    }

    /** ln(1 + x), accurate for tiny x ({@code torch.log1p}). */
    public Tensor log1p() {
        return Functions.log1p(this);
    }

    /**
     * softplus(x) = ln(1 + eˣ), a smooth relu ({@code F.softplus}); computed as x + ln(1 + e⁻ˣ) for
     * x > 0 and ln(1 + eˣ) otherwise, so it neither overflows at +1000 nor rounds to 0 at −40.
     */
    public Tensor softplus() {
        return Composites.softplus(this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Functions.sqrt(this);
    }

    /** |x|, with derivative sign(x) (0 at 0, as PyTorch). */
    public Tensor abs() {
        return Composites.abs(this);
    }

    /** sin x. */
    public Tensor sin() {
        return Functions.sin(this);
    }

    /** cos x. */
    public Tensor cos() {
        return Functions.cos(this);
    }

    /** tan x = sin x / cos x. */
    public Tensor tan() {
        return Composites.tan(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Functions.tanh(this);
    }

    /** The logistic function 1/(1+e⁻ˣ), stable for large |x|. */
    public Tensor sigmoid() {
        return Functions.sigmoid(this);
    }

    /** max(x, 0) with relu'(0) = 0, as PyTorch. */
    public Tensor relu() {
        return Composites.relu(this);
    }

    /** x for x > 0, slope·x otherwise ({@code F.leaky_relu}). */
    public Tensor leakyRelu(double slope) {
        return Composites.leakyRelu(this, slope);
    }

    /** Limits every element to [min, max] ({@code torch.clamp}); the gradient is 1 inside, bounds included. */
    public Tensor clamp(double min, double max) {
        return Composites.clamp(this, min, max);
    }

    /** The larger of the two, elementwise ({@code torch.maximum}). */
    public Tensor maximum(Tensor other) {
        return Arithmetic.maximum(this, other);
    }

    /** The smaller of the two, elementwise ({@code torch.minimum}). */
    public Tensor minimum(Tensor other) {
        return Arithmetic.minimum(this, other);
    }

    /** 1.0 where {@code this > other}, else 0.0 (a constant: comparisons have no gradient). */
    public Tensor gt(Tensor other) {
        return Arithmetic.compare(Binary.GT, this, other);
    }

    /** 1.0 where {@code this > value}. */
    public Tensor gt(double value) {
        return gt(scalar(value));
    }

    /** 1.0 where {@code this < other}. */
    public Tensor lt(Tensor other) {
        return Arithmetic.compare(Binary.LT, this, other);
    }

    /** 1.0 where {@code this < value}. */
    public Tensor lt(double value) {
        return lt(scalar(value));
    }

    /** 1.0 where {@code this >= other}. */
    public Tensor ge(Tensor other) {
        return Arithmetic.compare(Binary.GE, this, other);
    }

    /** 1.0 where {@code this >= value}. */
    public Tensor ge(double value) {
        return ge(scalar(value));
    }

    /** 1.0 where {@code this <= other}. */
    public Tensor le(Tensor other) {
        return Arithmetic.compare(Binary.LE, this, other);
    }

    /** 1.0 where {@code this <= value}. */
    public Tensor le(double value) {
        return le(scalar(value));
    }

    /** 1.0 where {@code this == other}. */
    public Tensor eq(Tensor other) {
        return Arithmetic.compare(Binary.EQ, this, other);
    }

    /** 1.0 where {@code this == value}. */
    public Tensor eq(double value) {
        return eq(scalar(value));
    }

    /** 1.0 where {@code this != other}. */
    public Tensor ne(Tensor other) {
        return Arithmetic.compare(Binary.NE, this, other);
    }

    /** 1.0 where {@code this != value}. */
    public Tensor ne(double value) {
        return ne(scalar(value));
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, a scalar. */
    public Tensor sum() {
        return Reductions.sum(this, Reductions.axes("sum", shape), false);
    }

    /** Sum over one dimension, which is removed. */
    public Tensor sum(int dim) {
        return sum(new int[] {dim}, false);
    }

    /** Sum over the given dimensions; {@code keepDim} keeps them with size 1. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, Reductions.axes("sum", shape, dims), keepDim);
    }

    /** Sum over one dimension; {@code keepDim} keeps it with size 1. */
    public Tensor sum(int dim, boolean keepDim) {
        return sum(new int[] {dim}, keepDim);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Composites.mean(this, Reductions.axes("mean", shape), false);
    }

    /** Mean over one dimension, which is removed. */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    /** Mean over one dimension. */
    public Tensor mean(int dim, boolean keepDim) {
        return Composites.mean(this, Reductions.axes("mean", shape, dim), keepDim);
    }

    /** Mean over the given dimensions. */
    public Tensor mean(int[] dims, boolean keepDim) {
        return Composites.mean(this, Reductions.axes("mean", shape, dims), keepDim);
    }

    /** Largest element ({@code torch.amax} over everything). */
    public Tensor max() {
        return Reductions.amax("max", this, Reductions.axes("max", shape), false);
    }

    /** Largest element along a dimension ({@code torch.amax(x, dim, keepdim)}). */
    public Tensor max(int dim, boolean keepDim) {
        return Reductions.amax("max", this, Reductions.axes("max", shape, dim), keepDim);
    }

    /** Smallest element ({@code torch.amin} over everything). */
    public Tensor min() {
        return Composites.amin(this, Reductions.axes("min", shape), false);
    }

    /** Smallest element along a dimension ({@code torch.amin(x, dim, keepdim)}); ties share the gradient. */
    public Tensor min(int dim, boolean keepDim) {
        return Composites.amin(this, Reductions.axes("min", shape, dim), keepDim);
    }

    /** Unbiased variance of all elements (divides by N − 1, as {@code torch.var(x)}); NaN for one element. */
    public Tensor var() {
        return var(new int[0], 1, false);
    }

    /** Unbiased variance along a dimension ({@code torch.var(x, dim, keepdim=...)}). */
    public Tensor var(int dim, boolean keepDim) {
        return var(new int[] {dim}, 1, keepDim);
    }

    /**
     * Variance over the given dimensions (all of them when {@code dims} is empty) with Bessel's
     * correction {@code c}, as {@code torch.var(x, dims, correction=c, keepdim=...)}: Σ(x − mean)² /
     * max(0, N − c), N the number of elements reduced; c = 1 is the sample variance, c = 0 the
     * population variance.
     *
     * @throws ShapeException if a dimension is out of range or repeated
     */
    public Tensor var(int[] dims, int correction, boolean keepDim) {
        return Composites.var(this, Reductions.axes("var", shape, dims), correction, keepDim);
    }

    /** Unbiased standard deviation of all elements, √var(). */
    public Tensor std() {
        return std(new int[0], 1, false);
    }

    /** Unbiased standard deviation along a dimension. */
    public Tensor std(int dim, boolean keepDim) {
        return std(new int[] {dim}, 1, keepDim);
    }

    /**
     * Standard deviation over the given dimensions with correction {@code c}, √{@link #var(int[], int, boolean)}
     * ({@code torch.std}). Where the variance is exactly 0 the gradient is 0, as in PyTorch.
     *
     * @throws ShapeException if a dimension is out of range or repeated
     */
    public Tensor std(int[] dims, int correction, boolean keepDim) {
        return Composites.std(this, Reductions.axes("std", shape, dims), correction, keepDim);
    }

    /** Flat index of the first largest element, a scalar ({@code torch.argmax(x)}); NaN counts as largest. */
    public Tensor argmax() {
        return Composites.argmax("argmax", reshape(-1), 0, false);
    }

    /** Index of the first largest element along {@code dim} ({@code torch.argmax(x, dim, keepdim)}). */
    public Tensor argmax(int dim, boolean keepDim) {
        return Composites.argmax("argmax", this, Reductions.axis("argmax", shape, dim), keepDim);
    }

    /** Flat index of the first smallest element, a scalar ({@code torch.argmin(x)}); NaN counts as smallest. */
    public Tensor argmin() {
        return Composites.argmin(reshape(-1), 0, false);
    }

    /** Index of the first smallest element along {@code dim} ({@code torch.argmin(x, dim, keepdim)}). */
    public Tensor argmin(int dim, boolean keepDim) {
        return Composites.argmin(this, Reductions.axis("argmin", shape, dim), keepDim);
    }

    /** log Σ eˣ along {@code dim} ({@code torch.logsumexp}), computed without overflow. */
    public Tensor logSumExp(int dim, boolean keepDim) {
        return logSumExp(new int[] {dim}, keepDim);
    }

    /**
     * log Σ eˣ over the given dimensions ({@code torch.logsumexp(x, dims, keepdim)}), computed
     * without overflow; an empty sum gives −∞.
     *
     * @throws ShapeException if a dimension is out of range or repeated
     */
    public Tensor logSumExp(int[] dims, boolean keepDim) {
        if (dims.length == 0) {
            throw new ShapeException("logSumExp: give at least one dimension to reduce");
        }
        return Composites.logSumExp(this, Reductions.axes("logSumExp", shape, dims), keepDim);
    }

    /** eˣ / Σ eˣ along {@code dim} ({@code torch.softmax}), stable for large inputs. */
    public Tensor softmax(int dim) {
        return Composites.softmax(this, dim);
    }

    /** log softmax along {@code dim}, stable for large inputs. */
    public Tensor logSoftmax(int dim) {
        return Composites.logSoftmax(this, dim);
    }

    // ---------------------------------------------------------------- shape and movement

    /** The same values in a new shape; one dimension may be -1 to be inferred. */
    public Tensor reshape(int... dims) {
        return Movement.reshape(this, dims);
    }

    /** A 1-dimensional copy ({@code x.flatten()}). */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Reorders the dimensions ({@code x.permute(...)}). */
    public Tensor permute(int... dims) {
        return Movement.permute(this, dims);
    }

    /** Swaps the last two dimensions: the matrix transpose {@code x.T} (a vector is returned unchanged). */
    public Tensor transpose() {
        return dim() < 2 ? this : transpose(-2, -1);
    }

    /** Swaps two dimensions ({@code x.transpose(d0, d1)}). */
    public Tensor transpose(int dim0, int dim1) {
        return Composites.transpose(this, dim0, dim1);
    }

    /** Broadcasts to a larger shape ({@code x.expand(...)}); -1 keeps a dimension. */
    public Tensor expand(int... dims) {
        return Movement.expand(this, dims);
    }

    /** Removes every dimension of size 1. */
    public Tensor squeeze() {
        return Composites.squeeze(this);
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Composites.squeeze(this, dim);
    }

    /** Inserts a dimension of size 1 at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Composites.unsqueeze(this, dim);
    }

    /**
     * Elements {@code start} to {@code end} (exclusive) along {@code dim}, like {@code x[start:end]}:
     * negative bounds count from the end and bounds past either end are clipped, as in Python, so
     * {@code x[3:1]} is empty.
     *
     * @throws ShapeException if {@code dim} is out of range or this is a scalar
     */
    public Tensor slice(int dim, int start, int end) {
        return Movement.slice(this, dim, start, end);
    }

    /**
     * The slice at {@code index} along {@code dim}, with that dimension removed ({@code x.select(dim, i)},
     * {@code x[i]} for dim 0); a negative index counts from the end.
     *
     * @throws ShapeException if {@code dim} is out of range, this is a scalar, or the index is outside the dimension
     */
    public Tensor select(int dim, int index) {
        return Composites.select(this, dim, index);
    }

    /** Whole slices along {@code dim} picked by index, like {@code x[[3, 1, 4]]} for rows ({@code index_select}). */
    public Tensor indexSelect(int dim, int... index) {
        return Movement.indexSelect(this, dim, index);
    }

    /** {@code torch.gather}: picks along {@code dim} by an index tensor of integer values. */
    public Tensor gather(int dim, Tensor index) {
        return Movement.gather(this, dim, index);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * The matrix product {@code this @ other}: vector·vector gives a scalar, matrix·vector a vector,
     * and leading dimensions of higher-rank operands are batch dimensions that broadcast.
     */
    public Tensor matmul(Tensor other) {
        return Composites.matmul(this, other);
    }

    /**
     * The affine map of a fully connected layer, {@code F.linear(x, W, b)}: y = x·Wᵀ + b, with W of
     * shape {@code [out, in]}, x {@code [..., in]} → {@code [..., out]}; {@code bias} may be null.
     * Unlike {@code matmul(weight.transpose())} it never copies W transposed.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return Composites.linear(this, weight, bias);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * The 2-D convolution of a convolutional layer, {@code F.conv2d(x, weight, bias)} with stride 1, no
     * padding: {@code [N, C, H, W]} (or {@code [C, H, W]}) with weight {@code [O, C, kH, kW]} and bias
     * {@code [O]} or null → {@code [N, O, H − kH + 1, W − kW + 1]}. Like PyTorch's, it is a
     * cross-correlation: {@code y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q]·x[n, c, i + p, j + q]}.
     *
     * @throws ShapeException if the shapes do not fit
     * @throws IllegalArgumentException if the operands have different types
     */
    public Tensor conv2d(Tensor weight, Tensor bias) {
        return Convolution.conv2d(this, weight, bias, new int[] {1}, new int[] {0}, new int[] {1}, 1);
    }

    /**
     * {@code F.conv2d(x, weight, bias, stride, padding, dilation, groups)}: as {@link #conv2d(Tensor, Tensor)}
     * with windows {@code stride} apart, {@code padding} zeros on each side and taps {@code dilation} apart;
     * each holds one value for both directions or two (height, width). With {@code groups} g the channels
     * are split into g groups that are convolved separately: weight {@code [O, C/g, kH, kW]}. Output size
     * {@code outH = ⌊(H + 2·padH − dilationH·(kH − 1) − 1)/strideH⌋ + 1} (the same for the width).
     *
     * @throws ShapeException if the shapes do not fit or the padded input is smaller than the window
     * @throws IllegalArgumentException for a stride or dilation below 1, negative padding, groups below 1,
     *                                  or operands of different types
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.max_pool2d(x, kernel, stride, padding, dilation)}: the maximum of each window,
     * {@code [N, C, H, W]} (or {@code [C, H, W]}) → {@code [N, C, outH, outW]}, sizes as for
     * {@link #conv2d(Tensor, Tensor, int[], int[], int[], int)}. The gradient goes to the first maximum of
     * each window in row-major order (to the last NaN if it holds any), as PyTorch's does; padding is
     * never the maximum. {@code stride} null means the kernel size.
     *
     * @throws IllegalArgumentException for sizes below 1 or padding above half the kernel
     * @throws ShapeException if the input is not 3- or 4-dimensional or smaller than the window
     */
    public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return Convolution.maxPool2d(this, kernel, stride, padding, dilation);
    }

    /**
     * {@code F.avg_pool2d(x, kernel, stride, padding)} (PyTorch's default {@code count_include_pad=True}):
     * each window's sum divided by kH·kW, padding counting as zeros; {@code stride} null means the kernel size.
     *
     * @throws IllegalArgumentException for sizes below 1 or padding above half the kernel
     * @throws ShapeException if the input is not 3- or 4-dimensional or smaller than the window
     */
    public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding) {
        return Convolution.avgPool2d(this, kernel, stride, padding);
    }

    /**
     * {@code F.adaptive_avg_pool2d(x, (outH, outW))}: {@code [N, C, H, W]} → {@code [N, C, outH, outW]},
     * output row i the mean of input rows ⌊i·H/outH⌋ to ⌈(i + 1)·H/outH⌉ − 1 (columns alike).
     *
     * @throws IllegalArgumentException for an output size below 1
     * @throws ShapeException if the input is not 3- or 4-dimensional
     */
    public Tensor adaptiveAvgPool2d(int outH, int outW) {
        return Convolution.adaptiveAvgPool2d(this, outH, outW);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
