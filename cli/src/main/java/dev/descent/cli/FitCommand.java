package dev.descent.cli;

import dev.descent.Tensor;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.io.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent fit}: trains a model on a bundled data set or a CSV file. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fits linear regression y = X·w + b: by gradient descent (gd), mini-batch stochastic gradient"
                + " descent (sgd) or in closed form (least squares by QR, the analytic way)."},
        footer = {"", "Examples:",
            "  descent fit --data boston --target MEDV --method gd --standardize --lr 0.1 --epochs 1000 --plot loss.png",
            "  descent fit --data my.csv --target price --method closed --test-fraction 0.2 --save model.safetensors"})
final class FitCommand implements Callable<Integer> {
    enum Method { gd, sgd, closed }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE.csv",
            description = "A bundled data set (boston, diabetes, digits, iris, wine, breast-cancer) or a CSV file"
                    + " with a header row.")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (bundled data sets know theirs).")
    String target;

    @Option(names = "--features", split = ",", paramLabel = "A,B,C", description = "The columns to predict from (default: all others).")
    List<String> features;

    @Option(names = "--method", description = "gd, sgd or closed (default: ${DEFAULT-VALUE}).", defaultValue = "gd")
    Method method;

    @Option(names = "--standardize", description = "Scale each feature to mean 0 and standard deviation 1 (fitted on the"
            + " training rows); gradient descent needs it on features of very different sizes.")
    boolean standardize;

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.01")
    double learningRate;

    @Option(names = "--epochs", description = "Passes over the data (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    int epochs;

    @Option(names = "--batch-size", description = "Samples per step for sgd (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batchSize;

    @Option(names = "--test-fraction", description = "Share of rows held out for testing, 0 to 1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    double testFraction;

    @Option(names = "--seed", description = "Seed for the train/test split and sgd's shuffling (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    long seed;

    @Option(names = "--save", paramLabel = "FILE.safetensors", description = "Write the fitted model (weights, features,"
            + " scaler) for descent predict.")
    Path save;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Draw the training loss per epoch (gd, sgd), or predicted against actual values (closed).")
    Path plot;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (plot != null) {
            ChartFiles.checkExtension(plot);
        }
        Dataset d = DataSource.load(data, target, features);
        Split split = Split.trainTest(d.features(), d.target(), testFraction, seed);
        Tensor trainX = split.train().features();
        Tensor testX = split.test().features();
        StandardScaler scaler = null;
        if (standardize) {
            scaler = new StandardScaler().fit(trainX);
            trainX = scaler.transform(trainX);
            testX = split.test().size() == 0 ? testX : scaler.transform(testX);
        }
        LinearFit fit = LinearFit.run(method, trainX, split.train().targets(), testX, split.test().targets(),
                new LinearFit.Settings(learningRate, epochs, batchSize, seed));
        FitReport report = new FitReport(d, method, fit, scaler, learningRate, epochs, split.test().size());
        if (save != null) {
            report.model().save(save);
        }
        if (plot != null) {
            report.plot(plot);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(report.json()));
        } else {
            report.text(out, save, plot);
        }
        out.flush();
        return Main.OK;
    }
}
