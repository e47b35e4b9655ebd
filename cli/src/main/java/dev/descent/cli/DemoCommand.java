package dev.descent.cli;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descent demo}: the course, start to finish. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the course's examples start to finish, with short explanations.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", description = "Folder for the demo's plots (default: ${DEFAULT-VALUE}).",
            defaultValue = "descent-out")
    Path out;

    @Option(names = "--seed", description = "Seed for the random start points (default: ${DEFAULT-VALUE}).",
            defaultValue = "7")
    long seed;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        w.println("Minimise y = 2x^2 the PyTorch way: forward, backward, update under no-grad, zero the gradient.");
        Random rng = new Random(seed);
        Tensor x = Tensor.randint(rng, -1000, 1001).requiresGrad(true);
        double start = x.item();
        double learningRate = 1e-2;
        for (int epoch = 0; epoch < 1000; epoch++) {
            Tensor loss = x.pow(2).mul(2);
            loss.backward();
            try (Scope s = NoGrad.scope()) {
                x.subInPlace(x.grad().mul(learningRate));
            }
            x.zeroGrad();
        }
        w.printf("  start x0 = %.0f, after 1000 epochs x = %.6g (the minimiser is 0)%n", start, x.item());
        return Main.OK;
    }
}
