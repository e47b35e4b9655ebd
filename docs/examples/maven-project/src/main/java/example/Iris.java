package example;

import dev.descent.data.Table;
import dev.descent.io.Csv;
import dev.descent.io.Datasets;
import dev.descent.io.Predictor;
import dev.descent.io.SavedModel;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Fitting;
import dev.descent.train.LossFunction;
import dev.descent.train.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Trains a small network on the bundled iris flowers, saves it, and predicts with the saved file. */
public final class Iris {
    public static void main(String[] args) throws Exception {
        var iris = Datasets.iris();
        FitConfig config = FitConfig.of(iris.targetName(), "mlp:8", LossFunction.CROSS_ENTROPY,
                OptimizerSpec.of("adam").withLearningRate(0.05), 60).withStandardize(true);
        FitResult fit = Fitting.fit(config, iris.table(), iris.classNames(), Fitting.Hooks.NONE);
        System.out.println("train accuracy " + fit.trainScores().get(Metric.ACCURACY));

        Path file = Files.createTempFile("iris", ".safetensors");
        SavedModel.of(fit).save(file);
        Predictor predictor = Predictor.load(file);
        Path rows = Files.createTempFile("flowers", ".csv");
        Files.writeString(rows, "\"sepal length (cm)\",\"sepal width (cm)\",\"petal length (cm)\",\"petal width (cm)\"\n"
                + "5.1,3.5,1.4,0.2\n7.7,3.0,6.1,2.3\n");
        Table table = Csv.readTable(rows, predictor.columns(), predictor.textColumns());
        List<String> species = predictor.labels(predictor.outputs(table));
        System.out.println("predicted " + species);
        Files.delete(file);
        Files.delete(rows);
    }
}
