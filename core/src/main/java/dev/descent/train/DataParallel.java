package dev.descent.train;

import dev.descent.DType;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.nn.Architecture;
import dev.descent.nn.AbstractDropout;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.DivergenceException;
import dev.descent.optim.Optimizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synchronous data-parallel gradient descent: the arithmetic that one machine and a cluster share,
 * so that both give the same parameters, bit for bit, for the same shards (the same rows in the
 * same partitions). Like Spark MLlib's gradient descent, every step adds the shards' gradient sums
 * and divides once; unlike it, each step takes a fixed share of every shard rather than a sample,
 * and the sums are added in shard order, so the result does not depend on which task ends first.
 * The bits depend on how the rows are split into shards: they are not those of {@link Trainer} on
 * the same rows.
 *
 * <p>The rows are split into shards (a cluster's partitions). Every epoch each shard's rows are
 * visited in an order drawn from the seed, the epoch and the shard's index, and cut into steps: at
 * each step every shard gives its share of the global mini-batch ({@code batchSize / shards} rows,
 * the first {@code batchSize % shards} shards one more), computes the sum of the loss and of its
 * gradient over those rows at the step's parameters ({@link #partial}), and the sums are added in
 * shard order and divided once by the step's rows ({@link #apply}); the optimizer then takes one
 * step. A shard that has run out of rows gives nothing; the epoch has as many steps as the largest
 * shard needs. {@link #fit} runs it all on one machine, the shards one after another.
 *
 * <p>Not for models with dropout (each shard would draw its own masks).
 *
 * <pre>{@code
 * List<Tensor[]> shards = List.of(new Tensor[] {x1, y1}, new Tensor[] {x2, y2});
 * double[] losses = DataParallel.fit(model, LossFunction.MSE, adam, shards, new DataParallel.Options(10, 64, 0));
 * }</pre>
 */
public final class DataParallel {
    private DataParallel() {
    }

    /**
     * One shard's contribution to a step: the sum over its rows of the gradient of each parameter
     * (in {@link Module#parameters()} order, row-major; float32 gradients widened exactly), the sum
     * of the loss, and the number of rows.
     *
     * @param gradientSums one array per parameter
     * @param lossSum the loss summed over the rows
     * @param rows the rows (0 for a shard with nothing left this step)
     */
    public record Partial(double[][] gradientSums, double lossSum, int rows) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * How the steps are cut.
     *
     * @param epochs passes over the data, at least 1
     * @param batchSize rows per step over all shards, at least the number of shards
     * @param seed draws each shard's order in each epoch
     */
    public record Options(int epochs, int batchSize, long seed) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException when epochs or the batch size is below 1
         */
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("DataParallel: epochs is " + epochs + "; train at least 1");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("DataParallel: batchSize is " + batchSize + "; it must be at least 1");
            }
        }
    }

    /**
     * The rows shard {@code shard} of {@code shards} gives at {@code step}: its share of the batch,
     * from its {@link #order} for the epoch; empty when it has run out.
     *
     * @throws IllegalArgumentException when the batch is smaller than the number of shards
     */
    public static int[] rows(int[] order, int shard, int shards, Options options, int step) {
        int share = share(shard, shards, options);
        int from = (int) Math.min((long) step * share, order.length);
        int to = (int) Math.min((long) from + share, order.length);
        int[] out = new int[to - from];
        System.arraycopy(order, from, out, 0, out.length);
        return out;
    }

    /**
     * The steps of an epoch: as many as the shard with the most rows for its share needs.
     *
     * @throws IllegalArgumentException when the batch is smaller than the number of shards
     */
    public static int steps(int[] shardRows, Options options) {
        int steps = 0;
        for (int s = 0; s < shardRows.length; s++) {
            int share = share(s, shardRows.length, options);
            steps = Math.max(steps, (int) ((shardRows[s] + (long) share - 1) / share));
        }
        return steps;
    }

    /**
     * Refuses shards without a single row between them.
     *
     * @throws IllegalArgumentException when every shard is empty
     */
    public static void requireRows(int[] shardRows) {
        if (java.util.Arrays.stream(shardRows).asLongStream().sum() == 0) {
            throw new IllegalArgumentException("DataParallel: the " + shardRows.length + " shards hold no rows; there"
                    + " is nothing to train on");
        }
    }

    private static int share(int shard, int shards, Options options) {
        requireBatch(shards, options);
        int batchSize = options.batchSize();
        return batchSize / shards + (shard < batchSize % shards ? 1 : 0);
    }

    /** Shard {@code shard}'s order of its {@code n} rows in {@code epoch}: a permutation drawn from the seed, the epoch and the shard. */
    public static int[] order(int n, int shard, long seed, int epoch) {
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + shard);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher–Yates
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * The loss summed over the rows ({@code reduction='sum'}), so that shards' sums add up to the
     * batch's.
     */
    static Tensor summed(LossFunction loss, Tensor output, Tensor target) {
        return switch (loss) {
            case MSE -> Loss.mse(output, target, Loss.Reduction.SUM);
            case L1 -> Loss.l1(output, target, Loss.Reduction.SUM);
            case HUBER -> Loss.huber(output, target, 1.0, Loss.Reduction.SUM);
            case CROSS_ENTROPY -> Loss.crossEntropy(output, target, 0.0, Loss.Reduction.SUM);
            case BCE -> Loss.binaryCrossEntropyWithLogits(output, target, Loss.Reduction.SUM);
        };
    }

    /**
     * One shard's sums at {@code model}'s current parameters over {@code rows} of its data
     * ({@code features [n, inputs]}, {@code targets} as the loss takes them). The model's gradients
     * are used and cleared.
     */
    public static Partial partial(Module model, LossFunction loss, Tensor features, Tensor targets, int[] rows) {
        List<Tensor> params = model.parameters();
        double[][] sums = new double[params.size()][];
        if (rows.length == 0) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] = new double[params.get(i).numel()];
            }
            return new Partial(sums, 0, 0);
        }
        model.zeroGrad();
        model.train();
        Tensor value = summed(loss, model.forward(features.indexSelect(0, rows)), targets.indexSelect(0, rows));
        value.backward();
        for (int i = 0; i < sums.length; i++) {
            Tensor g = params.get(i).grad();
            sums[i] = g == null ? new double[params.get(i).numel()] : g.toArray();
        }
        model.zeroGrad();
        return new Partial(sums, value.item(), rows.length);
    }

    /**
     * Adds the partials in their order, divides once by their rows, and makes the result each
     * parameter's gradient (replacing any): what {@link Optimizer#step()} then uses.
     *
     * @return the step's mean loss, or NaN when no shard gave a row
     * @throws IllegalArgumentException when a partial does not fit the parameters
     */
    public static double apply(List<Partial> partials, List<Tensor> params) {
        int rows = 0;
        double loss = 0;
        double[][] total = new double[params.size()][];
        for (int i = 0; i < total.length; i++) {
            total[i] = new double[params.get(i).numel()];
        }
        for (Partial p : partials) {
            if (p.gradientSums().length != total.length) {
                throw new IllegalArgumentException("DataParallel.apply: a partial of " + p.gradientSums().length
                        + " gradients for " + total.length + " parameters");
            }
            for (int i = 0; i < total.length; i++) {
                double[] g = p.gradientSums()[i];
                if (g.length != total[i].length) {
                    throw new IllegalArgumentException("DataParallel.apply: parameter " + i + " has " + total[i].length
                            + " elements, its partial gradient " + g.length);
                }
                for (int k = 0; k < g.length; k++) {
                    total[i][k] += g[k];
                }
            }
            loss += p.lossSum();
            rows += p.rows();
        }
        if (rows == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < total.length; i++) {
            Tensor param = params.get(i);
            double[] t = total[i];
            for (int k = 0; k < t.length; k++) {
                t[k] /= rows;
            }
            param.zeroGrad();
            // A leaf's backward with a given gradient sets its grad to that gradient (x.grad = g).
            param.backward(Tensor.wrap(t, param.shape()).to(param.dtype()));
        }
        return loss / rows;
    }

    /**
     * Ends a step: applies the partials (in their order) and takes one optimizer step, unless no
     * shard gave a row.
     *
     * @return the step's mean loss, or NaN when no shard gave a row (nothing changed)
     * @throws DivergenceException when the loss is NaN or infinite (the parameters are then as before the step)
     */
    public static double step(List<Partial> partials, Optimizer optimizer, int epoch) {
        int rows = partials.stream().mapToInt(Partial::rows).sum();
        if (rows == 0) {
            return Double.NaN;
        }
        double loss = apply(partials, optimizer.params());
        if (!Double.isFinite(loss)) {
            optimizer.zeroGrad();
            throw new DivergenceException("the loss became " + loss + " in epoch " + (epoch + 1)
                    + " of data-parallel training", epoch + 1, "try a smaller learning rate or standardized features");
        }
        optimizer.step();
        optimizer.zeroGrad();
        return loss;
    }

    /** Where a step's partials come from: the shards in a loop, or a cluster's tasks. */
    @FunctionalInterface
    public interface StepPartials {
        /** The partials of {@code step}, in shard order. */
        List<Partial> at(int step);
    }

    /**
     * One epoch of {@code steps} steps: each step's partials from {@code partials}, then
     * {@link #step}.
     *
     * @return the mean of the steps' mean losses (steps without rows left out)
     * @throws DivergenceException when the loss becomes NaN or infinite
     */
    public static double epoch(Optimizer optimizer, int epoch, int steps, StepPartials partials) {
        double sum = 0;
        int counted = 0;
        for (int t = 0; t < steps; t++) {
            double loss = step(partials.at(t), optimizer, epoch);
            if (!Double.isNaN(loss)) {
                sum += loss;
                counted++;
            }
        }
        return sum / counted;
    }

    /**
     * Refuses a batch too small to give each of {@code shards} shards a row.
     *
     * @throws IllegalArgumentException naming the smallest batch that would do
     */
    public static void requireBatch(int shards, Options options) {
        if (options.batchSize() < shards) {
            throw new IllegalArgumentException("DataParallel: a batch of " + options.batchSize() + " rows cannot give"
                    + " each of " + shards + " shards a row; use a batch of at least " + shards);
        }
    }

    /**
     * Refuses what data-parallel training cannot do: dropout (each shard would draw its own masks).
     *
     * @throws IllegalArgumentException naming the model
     */
    public static void check(Architecture architecture) {
        if (architecture.dropout() > 0) {
            throw new IllegalArgumentException("DataParallel: dropout would draw other masks on every shard; train "
                    + architecture.model() + " without it");
        }
    }

    private static void refuseDropout(Module model) {
        if (hasDropout(model)) {
            throw new IllegalArgumentException("DataParallel: dropout would draw other masks on every shard; train"
                    + " the model without it");
        }
    }

    private static boolean hasDropout(Module m) {
        return (m instanceof AbstractDropout d && d.p() > 0) || m.children().stream().anyMatch(DataParallel::hasDropout);
    }

    /** A model's parameters as arrays (float32 widened exactly), to send to the shards. */
    public static double[][] parameterValues(Module model) {
        List<Tensor> params = model.parameters();
        double[][] out = new double[params.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).toArray();
        }
        return out;
    }

    /**
     * A network of {@code architecture} in {@code dtype} with these parameter values: a shard's copy
     * of the model at the step's parameters.
     *
     * @throws IllegalArgumentException when the values do not fit the architecture, or it has dropout
     */
    public static Module replica(Architecture architecture, DType dtype, double[][] values) {
        check(architecture);
        Module model = architecture.build(new Random(0)).to(dtype);
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(model.namedParameters().keySet());
        if (names.size() != values.length) {
            throw new IllegalArgumentException("DataParallel: " + values.length + " parameter arrays for "
                    + names.size() + " parameters of " + architecture.describe());
        }
        List<Tensor> params = model.parameters();
        for (int i = 0; i < values.length; i++) {
            Shape shape = params.get(i).shape();
            state.put(names.get(i), Tensor.of(values[i], shape).to(dtype));
        }
        model.loadStateDict(state);
        return model;
    }

    /**
     * A data-parallel run's shards, wherever they are held: how many rows each has, and each one's
     * sums at a model's parameters.
     */
    public interface Shards {
        /** Each shard's rows, in shard order. */
        int[] sizes();

        /**
         * Each shard's {@link #partial} at {@code model}'s current parameters for {@code step} of
         * {@code epoch}, in shard order: over {@link #rows} of the shard's {@link #order}.
         */
        List<Partial> partials(Module model, int epoch, int step, Options options);
    }

    /**
     * Where a run's shards are held and computed: on this machine ({@link #LOCAL}), or on a
     * cluster (the {@code spark} module's {@code SparkPlacement}).
     */
    @FunctionalInterface
    public interface Placement {
        /** On this machine, one shard after another: {@link #local}. */
        Placement LOCAL = (shards, loss, architecture, dtype) -> local(shards, loss);

        /**
         * Places {@code shards} (each {@code [features, targets]} as {@code loss} takes them) for a
         * network of {@code architecture} training in {@code dtype}.
         *
         * @throws IllegalArgumentException when the shards cannot be placed
         */
        Shards place(List<Tensor[]> shards, LossFunction loss, Architecture architecture, DType dtype);
    }

    /**
     * Shards held on this machine, each {@code [features, targets]} as {@code loss} takes them,
     * computed one after another with the model itself.
     *
     * @throws IllegalArgumentException when there are no shards, or a shard's features and targets differ in rows
     */
    public static Shards local(List<Tensor[]> shards, LossFunction loss) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("DataParallel: no shards; give at least one");
        }
        for (Tensor[] s : shards) {
            if (s.length != 2 || s[0].shape().size(0) != s[1].shape().size(0)) {
                throw new IllegalArgumentException("DataParallel: a shard is [features, targets] with as many rows in"
                        + " both");
            }
        }
        List<Tensor[]> held = List.copyOf(shards);
        int[] sizes = held.stream().mapToInt(s -> s[0].shape().size(0)).toArray();
        return new Shards() {
            private int drawn = -1;
            private final int[][] orders = new int[sizes.length][];

            @Override
            public int[] sizes() {
                return sizes.clone();
            }

            @Override
            public List<Partial> partials(Module model, int epoch, int step, Options options) {
                if (drawn != epoch) { // once per epoch, not per step
                    for (int s = 0; s < orders.length; s++) {
                        orders[s] = order(sizes[s], s, options.seed(), epoch);
                    }
                    drawn = epoch;
                }
                List<Partial> out = new ArrayList<>();
                for (int s = 0; s < sizes.length; s++) {
                    int[] rows = rows(orders[s], s, sizes.length, options, step);
                    out.add(partial(model, loss, held.get(s)[0], held.get(s)[1], rows));
                }
                return out;
            }
        };
    }

    /**
     * The steps of a data-parallel run over {@code shards} as a {@link Trainer}'s gradients: at each
     * step the shards' sums, added in shard order and divided once by the step's rows. The
     * trainer's loss must be the shards' (it is what validation reports). Steps do not carry the
     * model's output, so epochs report only their loss on the training rows.
     *
     * @param batchSize rows per step over all shards, at least the number of shards
     * @param seed draws each shard's order in each epoch
     * @throws IllegalArgumentException when the batch is smaller than the number of shards, or the shards hold no rows
     */
    public static GradientSource source(Shards shards, int batchSize, long seed) {
        Options options = new Options(1, batchSize, seed); // only the batch and the seed cut steps
        int[] sizes = shards.sizes();
        requireBatch(sizes.length, options);
        requireRows(sizes);
        int steps = steps(sizes, options);
        return new GradientSource.Counted() {
            @Override
            public int steps() {
                return steps;
            }

            @Override
            public java.util.Iterator<Step> epoch(Module model, java.util.function.BinaryOperator<Tensor> loss) {
                refuseDropout(model);
                int e = begin();
                return new java.util.Iterator<>() {
                    private int t;

                    @Override
                    public boolean hasNext() {
                        return t < steps;
                    }

                    @Override
                    public Step next() {
                        List<Partial> partials = shards.partials(model, e, t++, options);
                        double value = apply(partials, model.parameters());
                        return new Step(value, partials.stream().mapToInt(Partial::rows).sum(), null, null);
                    }
                };
            }
        };
    }

    /**
     * Trains {@code model} on one machine over {@code shards} (each {@code [features, targets]} as the
     * loss takes them), exactly as a cluster with those partitions would.
     *
     * @return the mean loss of each epoch's steps (the mean of the steps' mean losses)
     * @throws IllegalArgumentException when the batch is smaller than the number of shards, or there are no rows
     * @throws DivergenceException when the loss becomes NaN or infinite
     */
    public static double[] fit(Module model, LossFunction loss, Optimizer optimizer, List<Tensor[]> shards,
                               Options options) {
        refuseDropout(model);
        Shards local = local(shards, loss);
        int[] sizes = local.sizes();
        requireRows(sizes);
        int steps = steps(sizes, options);
        double[] history = new double[options.epochs()];
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            int e = epoch;
            history[epoch] = epoch(optimizer, epoch, steps, step -> local.partials(model, e, step, options));
        }
        return history;
    }
}
