package dev.descent.cli;

import dev.descent.Tensor;
import dev.descent.linear.EpochListener;
import dev.descent.linear.LinearRegression;

/** Fits linear regression by the chosen method, with the closed form beside it as the reference. */
record LinearFit(LinearRegression model, LinearRegression closedForm, Tensor trainX, Tensor trainY, Tensor testX,
                 Tensor testY) {
    record Settings(double learningRate, int epochs, int batchSize, long seed) {
    }

    static LinearFit run(FitCommand.Method method, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY,
                         Settings s) {
        LinearRegression exact = method == FitCommand.Method.closed ? LinearRegression.closedForm(trainX, trainY)
                : closedFormIfUnique(trainX, trainY);
        LinearRegression model;
        if (method == FitCommand.Method.closed) {
            model = exact;
        } else {
            try (Progress progress = new Progress("fit " + method, s.epochs())) {
                EpochListener listener = progress::update;
                model = method == FitCommand.Method.gd
                        ? LinearRegression.gradientDescent(trainX, trainY, s.learningRate(), s.epochs(), listener)
                        : LinearRegression.sgd(trainX, trainY, s.learningRate(), s.epochs(), s.batchSize(), s.seed(),
                                listener);
            }
        }
        return new LinearFit(model, exact, trainX, trainY, testX, testY);
    }

    /** The reference solution, or null when there is none (values so large that it overflows). */
    private static LinearRegression closedFormIfUnique(Tensor x, Tensor y) {
        try {
            return LinearRegression.closedForm(x, y);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
