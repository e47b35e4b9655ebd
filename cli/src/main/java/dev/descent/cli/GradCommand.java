package dev.descent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code descent grad}: value, gradient and Hessian of an expression. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = "Evaluates an expression and its gradient at a point.")
final class GradCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("grad: not built yet");
    }
}
