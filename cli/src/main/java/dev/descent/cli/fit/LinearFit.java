package dev.descent.cli.fit;

import dev.descent.Tensor;
import dev.descent.linear.LinearRegression;
import dev.descent.train.FitConfig;
import dev.descent.train.Preparation;
import dev.descent.train.TrainingListener;

/** Fits linear regression by the chosen method, with the closed form beside it as the reference. */
record LinearFit(LinearRegression model, LinearRegression closedForm, Tensor trainX, Tensor trainY, Tensor testX,
                 Tensor testY) {

    /**
     * Fits {@code p}'s training rows; {@code listener} hears every epoch of gd and sgd.
     *
     * @throws dev.descent.train.TrainingStoppedException when the listener stops the run
     */
    static LinearFit run(FitOptions.Method method, Preparation p, FitConfig c, TrainingListener listener) {
        Tensor trainX = p.train().features();
        Tensor trainY = p.train().targets().reshape(-1);
        LinearRegression exact = method == FitOptions.Method.closed ? LinearRegression.closedForm(trainX, trainY)
                : closedFormIfAny(trainX, trainY);
        double lr = c.optimizer().learningRate();
        LinearRegression model = switch (method) {
            case closed -> exact;
            case gd -> LinearRegression.gradientDescent(trainX, trainY, lr, c.epochs(), listener);
            case sgd -> LinearRegression.sgd(trainX, trainY, lr, c.epochs(), c.batchSize(), c.seed(), listener);
        };
        Tensor testX = p.test() == null ? trainX.slice(0, 0, 0) : p.test().features();
        Tensor testY = p.test() == null ? trainY.slice(0, 0, 0) : p.test().targets().reshape(-1);
        return new LinearFit(model, exact, trainX, trainY, testX, testY);
    }

    /** The reference solution, or null when there is none (values so large that it overflows). */
    private static LinearRegression closedFormIfAny(Tensor x, Tensor y) {
        try {
            return LinearRegression.closedForm(x, y);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
