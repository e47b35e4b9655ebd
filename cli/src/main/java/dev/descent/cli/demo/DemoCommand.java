package dev.descent.cli.demo;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.cli.Main;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.common.SeedOption;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.cli.plot.Charts;
import dev.descent.cli.plot.TrainingCharts;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.io.AtomicFiles;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.linear.LinearRegression;
import dev.descent.metrics.Classification;
import dev.descent.metrics.Regression;
import dev.descent.nn.Architecture;
import dev.descent.nn.Loss;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Minimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent demo}: the course, start to finish, with short explanations and plots. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the course start to finish: gradient descent on 2x^2 and x^2+y^2+z^2 with hand-written"
                + " derivatives and with autograd, linear regression on Boston housing in closed form and by"
                + " gradient descent, then a neural network on handwritten digits trained by the same loop."
                + " Writes its plots to --out.")
public final class DemoCommand implements Callable<Integer> {
    private static final Minimizer.Options COURSE = Minimizer.Options.of(1e-2, 1000);
    private static final int DIGIT_EPOCHS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", description = "Folder for the demo's plots (default: ${DEFAULT-VALUE}).",
            defaultValue = "descent-out")
    Path out;

    @Mixin
    SeedOption seedOption;

    private long seed() {
        return seedOption.orElse(0);
    }

    private PrintWriter w;

    @Override
    public Integer call() {
        w = spec.commandLine().getOut();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot create the folder " + out, e);
        }
        Random rng = new Random(seed());
        // The same draws as descent minimize --seed: the first start here is its start there.
        double[] x0 = Tensor.randint(rng, -1000, 1000, 1).toArray();
        double[] xyz0 = Tensor.randint(rng, -1000, 1000, 3).toArray();

        chapter("1. Gradient descent on y = 2x^2, derivative written by hand (the NumPy style)");
        say("x0 is a random integer in [-1000, 1000); every epoch: x <- x - learning_rate * dy/dx, with dy/dx = 4x.");
        Minimizer.Result manual1 = Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]}, x0, COURSE);
        report(manual1, "x");
        plot("1-two-x-squared.png", Charts.functionWithPath("y = 2x^2: every step moves x towards the minimum", "x",
                x -> 2 * x * x, path(manual1, 0)));

        chapter("2. Three variables: f(x, y, z) = x^2 + y^2 + z^2, partial derivatives 2x, 2y, 2z by hand");
        say("Each variable subtracts its own partial derivative: together they are the gradient.");
        Minimizer.Objective sumOfSquares = x -> x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
        Minimizer.Result manual3 = Minimizer.manual(sumOfSquares,
                x -> new double[] {2 * x[0], 2 * x[1], 2 * x[2]}, xyz0, COURSE);
        report(manual3, "x", "y", "z");

        chapter("3. The same with automatic differentiation (the PyTorch style)");
        say("x = Tensor.of(x0).requiresGrad(true); each epoch: loss = f(x); loss.backward();");
        say("under NoGrad.scope(): x.subInPlace(x.grad().mul(lr)); then x.zeroGrad() - gradients accumulate otherwise.");
        Minimizer.Result auto1 = Minimizer.autograd(v -> v.get(0).pow(2).mul(2), x0, COURSE);
        Minimizer.Result auto3 = Minimizer.autograd(
                v -> v.get(0).pow(2).add(v.get(1).pow(2)).add(v.get(2).pow(2)), xyz0, COURSE);
        report(auto1, "x");
        report(auto3, "x", "y", "z");
        w.printf(Locale.ROOT, "  hand-written and autograd agree: largest difference %s (2x^2) and %s (x^2+y^2+z^2)%n",
                Formatting.num(Minimizer.Result.maxDifference(List.of(manual1, auto1))),
                Formatting.num(Minimizer.Result.maxDifference(List.of(manual3, auto3))));
        plot("3-sum-of-squares-loss.png", Charts.perEpoch("f(x, y, z) = x^2 + y^2 + z^2 per epoch (autograd)", "f",
                List.of(new Charts.Series("f", auto3.path().stream().mapToDouble(Minimizer.Step::loss).toArray()))));

        chapter("4. Linear regression on Boston housing: y = X @ w + b, 506 houses, 13 features, target MEDV");
        Dataset boston = Datasets.boston();
        Tensor x = new StandardScaler().fitTransform(boston.features());
        Tensor y = boston.target();
        say("The analytic way: set the derivative of the loss to zero and solve (least squares, by QR).");
        LinearRegression exact = LinearRegression.closedForm(x, y);
        double exactMse = Regression.meanSquaredError(y, exact.predict(x));
        w.printf(Locale.ROOT, "  closed form:      training MSE %.6f, bias %.6f%n", exactMse, exact.bias());
        say("The iterative way: gradient descent from w = 0, b = 0 on standardised features, lr 0.1, 1000 epochs.");
        LinearRegression gd = LinearRegression.gradientDescent(x, y, 0.1, 1000);
        double gdMse = Regression.meanSquaredError(y, gd.predict(x));
        w.printf(Locale.ROOT, "  gradient descent: training MSE %.6f, bias %.6f%n", gdMse, gd.bias());
        w.printf(Locale.ROOT, "  gradient descent reached the least-squares solution: MSE differs by %.2e,"
                + " weights by at most %.2e%n", Math.abs(gdMse - exactMse),
                gd.weights().sub(exact.weights()).abs().max().item());
        plot("4-boston-loss.png", Charts.perEpoch("Boston housing: training MSE per epoch", "MSE", List.of(
                new Charts.Series("gradient descent", gd.lossHistory()),
                new Charts.Series("closed form", constant(exactMse, gd.lossHistory().length)))));

        chapter("5. A neural network on handwritten digits: the same loop - forward, loss, backward, step, zero the gradients");
        Dataset digits = Datasets.digits();
        Split split = Split.trainTest(digits.features(), digits.target(), 0.25, seed());
        Curves mlp = digits(split);

        chapter("6. From an MLP to a CNN: the same digits as 1x8x8 images, with convolutions");
        cnn(split, mlp);

        w.println();
        w.println("Plots are in " + out.toAbsolutePath().normalize() + ". Next: descent minimize --help, descent fit --help.");
        w.flush();
        return ExitCode.OK;
    }

    /** Chapter 5: the course's loop, unchanged, trains a 64-64 MLP with Adam; no Trainer, just the plain loop. */
    private Curves digits(Split split) {
        say("1797 images of 8x8 pixels (values 0-16), 10 classes; " + split.test().size() + " images held out for testing.");
        say("Model: 64 pixels -> Linear -> ReLU -> Linear -> ReLU -> Linear -> 10 scores (logits), 8970 weights;"
                + " loss: cross-entropy; optimizer: Adam, lr 0.001.");
        say("Every mini-batch of 32: logits = model.forward(x); loss = Loss.crossEntropy(logits, y); loss.backward();");
        say("adam.step() (the update x -= lr * grad, refined); adam.zeroGrad(). One epoch is one pass over the training images.");
        Curves mlp = train(Architecture.of("mlp:64,64", 64, 10).build(new Random(seed())), split);
        say("The same with every option: descent fit --data digits --model mlp:64,64 --optimizer adam --lr 1e-3"
                + " --test-fraction 0.25");
        Path file = out.resolve("5-digits-curves.png");
        JFreeChart chart = TrainingCharts.lossAndAccuracy("Digits: a 64-64 MLP trained with Adam", "cross-entropy loss",
                List.of(new TrainingCharts.Series("train", mlp.trainLoss), new TrainingCharts.Series("test", mlp.testLoss)),
                List.of(new TrainingCharts.Series("train", mlp.trainAccuracy),
                        new TrainingCharts.Series("test", mlp.testAccuracy)));
        AtomicFiles.write(file, o -> ChartFiles.render(chart, file, o));
        return mlp;
    }

    /** Chapter 6: the same images read as 1x8x8 pictures by a convolutional network, trained by the same loop. */
    private void cnn(Split split, Curves mlp) {
        say("An MLP sees 64 numbers in a row: it would learn as well with the pixels shuffled. A convolution slides a");
        say("small window (3x3 weights) over the picture, so the same stroke detector works everywhere; a 2x2 max");
        say("pooling then halves the picture, keeping the strongest response of each window.");
        Architecture arch = Architecture.of("cnn:16,32|64", 64, 10);
        say("Model: " + arch.sizes() + " (two blocks of a 3x3 convolution, ReLU and 2x2 max pooling, then Linear layers),");
        say(arch.parameterCount() + " weights; the same loss, optimizer and loop as chapter 5.");
        Curves cnn = train(arch.build(new Random(seed())), split);
        int n = split.test().size();
        double a = mlp.testAccuracy[DIGIT_EPOCHS - 1];
        double b = cnn.testAccuracy[DIGIT_EPOCHS - 1];
        w.printf(Locale.ROOT, "  test accuracy after %d epochs: MLP %.4f (%d of %d), CNN %.4f (%d of %d)%n", DIGIT_EPOCHS, a,
                Math.round(a * n), n, b, Math.round(b * n), n);
        say("The same with every option: descent fit --data digits --model \"cnn:16,32|64\" --optimizer adam --lr 1e-3"
                + " --test-fraction 0.25 --plot cnn.png (the plot shows the test images it gets wrong)");
        Path file = out.resolve("6-digits-mlp-vs-cnn.png");
        JFreeChart chart = TrainingCharts.lossAndAccuracy("Digits: the 64-64 MLP and a CNN, same loop, same Adam",
                "test cross-entropy loss",
                List.of(new TrainingCharts.Series("MLP", mlp.testLoss), new TrainingCharts.Series("CNN", cnn.testLoss)),
                List.of(new TrainingCharts.Series("MLP", mlp.testAccuracy),
                        new TrainingCharts.Series("CNN", cnn.testAccuracy)));
        AtomicFiles.write(file, o -> ChartFiles.render(chart, file, o));
    }

    /** Each epoch's training loss, held-out loss and accuracies. */
    private record Curves(double[] trainLoss, double[] testLoss, double[] trainAccuracy, double[] testAccuracy) {
    }

    /** The course's loop, written out: forward, loss, backward, step, zero the gradients, for every mini-batch. */
    private Curves train(Sequential model, Split split) {
        Adam adam = new Adam(model.parameters(), Adam.Options.lr(1e-3));
        DataLoader loader = new DataLoader(split.train(), DataLoader.Options.batchSize(32).withShuffle(seed()));
        Curves c = new Curves(new double[DIGIT_EPOCHS], new double[DIGIT_EPOCHS], new double[DIGIT_EPOCHS],
                new double[DIGIT_EPOCHS]);
        for (int epoch = 0; epoch < DIGIT_EPOCHS; epoch++) {
            double sum = 0;
            for (Batch batch : loader) {
                Tensor loss = Loss.crossEntropy(model.forward(batch.features()), batch.targets());   // forward
                loss.backward();                                                                  // backward
                adam.step();                                                                      // step
                adam.zeroGrad();                                                                  // zero the gradients
                sum += loss.item() * batch.size();
            }
            c.trainLoss[epoch] = sum / split.train().size();
            Scope noGrad = NoGrad.scope();
            try (noGrad) {
                Tensor trainLogits = model.forward(split.train().features());
                Tensor testLogits = model.forward(split.test().features());
                c.trainAccuracy[epoch] = Classification.accuracyScore(split.train().targets(), trainLogits);
                c.testLoss[epoch] = Loss.crossEntropy(testLogits, split.test().targets()).item();
                c.testAccuracy[epoch] = Classification.accuracyScore(split.test().targets(), testLogits);
            }
            if (epoch == 0 || (epoch + 1) % 5 == 0) {
                w.printf(Locale.ROOT, "  epoch %2d: training loss %.4f, test accuracy %.4f%n", epoch + 1,
                        c.trainLoss[epoch], c.testAccuracy[epoch]);
            }
        }
        double accuracy = c.testAccuracy[DIGIT_EPOCHS - 1];
        w.printf(Locale.ROOT, "  after %d epochs: test accuracy %.4f (%d of %d images the network never saw)%n",
                DIGIT_EPOCHS, accuracy, Math.round(accuracy * split.test().size()), split.test().size());
        return c;
    }

    private void chapter(String title) {
        w.println();
        w.println(title);
    }

    private void say(String text) {
        w.println("  " + text);
    }

    private void report(Minimizer.Result r, String... names) {
        StringBuilder start = new StringBuilder();
        StringBuilder end = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            start.append(i == 0 ? "" : ", ").append(names[i]).append(" = ").append(Formatting.num(r.start()[i]));
            end.append(i == 0 ? "" : ", ").append(names[i]).append(" = ").append(Formatting.num(r.minimizer()[i]));
        }
        String how = r.source() == Minimizer.Source.MANUAL ? "hand-written" : "autograd";
        w.printf(Locale.ROOT, "  %-12s start %s  ->  after %d epochs %s (the minimum is at 0)%n", how + ":", start,
                r.steps(), end);
    }

    private void plot(String name, JFreeChart chart) {
        Path file = out.resolve(name);
        AtomicFiles.write(file, o -> ChartFiles.render(chart, file, o));
    }

    private static double[] path(Minimizer.Result r, int variable) {
        double[] xs = new double[r.path().size() + 1];
        for (int i = 0; i < r.path().size(); i++) {
            xs[i] = r.path().get(i).x()[variable];
        }
        xs[xs.length - 1] = r.minimizer()[variable];
        return xs;
    }

    private static double[] constant(double v, int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
