package dev.descent.cli.fit;

import dev.descent.Tensor;
import dev.descent.cli.common.Progress;
import dev.descent.linear.LinearRegression;

/** Fits linear regression by the chosen method, with the closed form beside it as the reference. */
record LinearFit(LinearRegression model, LinearRegression closedForm, Tensor trainX, Tensor trainY, Tensor testX,
                 Tensor testY) {
    record Settings(double learningRate, int epochs, int batchSize, long seed) {
    }

    static LinearFit run(FitOptions.Method method, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY,
                         Settings s) {
        LinearRegression exact = method == FitOptions.Method.closed ? LinearRegression.closedForm(trainX, trainY)
                : closedFormIfAny(trainX, trainY);
        LinearRegression model;
        if (method == FitOptions.Method.closed) {
            model = exact;
        } else {
            try (Progress progress = new Progress("fit " + method, s.epochs())) {
                model = method == FitOptions.Method.gd
                        ? LinearRegression.gradientDescent(trainX, trainY, s.learningRate(), s.epochs(), progress)
                        : LinearRegression.sgd(trainX, trainY, s.learningRate(), s.epochs(), s.batchSize(), s.seed(),
                                progress);
            }
        }
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
