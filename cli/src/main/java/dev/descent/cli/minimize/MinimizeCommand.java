package dev.descent.cli.minimize;

import dev.descent.Tensor;
import dev.descent.cli.common.AnomalyOption;
import dev.descent.cli.common.EpochsOption;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.Outputs;
import dev.descent.cli.common.LearningRateOption;
import dev.descent.cli.common.PlotOption;
import dev.descent.cli.common.Point;
import dev.descent.cli.common.SeedOption;
import dev.descent.cli.common.UserError;
import dev.descent.expr.Expression;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.optim.Minimizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent minimize}: gradient descent on an expression, the course's worked examples. */
@Command(name = "minimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Minimises an expression by gradient descent: x <- x - lr * df/dx, every epoch.",
            "The derivative is hand-written (--derivative, the course's NumPy style), automatic (autograd,"
                    + " the PyTorch style) or numeric (central differences)."},
        footer = {"", "Examples:",
            "  descent minimize \"2*x^2\" --derivative \"4*x\" --lr 0.01 --epochs 1000 --seed 7",
            "  descent minimize \"x^2+y^2+z^2\" --mode autograd --start x=3,y=-2,z=5 --trace --plot path.png",
            "  descent minimize \"x^2+y^2+z^2\" --derivative x=2*x --derivative y=2*y --derivative z=2*z --compare"})
public final class MinimizeCommand implements Callable<Integer> {
    enum Mode { manual, autograd, numeric }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "EXPR", description = "The function to minimise, e.g. \"2*x^2\" or \"x^2+y^2+z^2\".")
    String expression;

    @Option(names = "--mode", description = "Where the derivative comes from: manual, autograd or numeric"
            + " (default: manual when --derivative is given, autograd otherwise).")
    Mode mode;

    @Option(names = "--derivative", paramLabel = "[NAME=]EXPR",
            description = "A hand-written partial derivative, one per variable: --derivative x=2*x (the name may be"
                    + " left out when there is one variable).")
    List<String> derivatives = new ArrayList<>();

    @Mixin
    LearningRateOption lr;

    @Mixin
    EpochsOption epochsOption;

    @Option(names = "--tolerance", description = "Stop early once the gradient's norm is below this (default: never).",
            defaultValue = "0")
    double tolerance;

    @Option(names = "--start", paramLabel = "random|NAME=VALUE,...",
            description = "Start point (default: random integers in [--low, --high), as in the course).",
            defaultValue = "random")
    List<String> start = new ArrayList<>();

    @Option(names = "--low", description = "Lowest random start (default: ${DEFAULT-VALUE}).", defaultValue = "-1000")
    long low;

    @Option(names = "--high", description = "Random starts are below this (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    long high;

    @Mixin
    SeedOption seed;

    @Option(names = "--trace", description = "Explain the steps: x, f(x), the derivative and its sign, the step, the new x.")
    boolean trace;

    @Option(names = "--compare", description = "Run every available derivative source from the same start and"
            + " report how far apart they end.")
    boolean compare;

    @Mixin
    PlotOption plotOption;

    @Mixin
    AnomalyOption anomaly;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() {
        return anomaly.around(this::run);
    }

    private Integer run() {
        double learningRate = lr.orElse(0.01);
        int epochs = epochsOption.orElse(1000);
        Path plot = plotOption.file();
        boolean json = jsonOption.enabled();
        Outputs.check(java.util.Map.of(), java.util.Collections.singletonMap("--plot", plot));
        if (plot != null) {
            dev.descent.cli.plot.ChartFiles.checkExtension(plot);
        }
        CommandLineFunction problem = CommandLineFunction.of(Expression.parse(expression), derivatives);
        Mode chosen = mode != null ? mode : problem.hasDerivatives() ? Mode.manual : Mode.autograd;
        if (chosen == Mode.manual && !problem.hasDerivatives()) {
            throw new UserError("minimize: --mode manual needs a hand-written derivative per variable, e.g. --derivative "
                    + problem.variables().get(0) + "=...; or use --mode autograd");
        }
        long usedSeed = seed.orElse(0); // one policy for every command: seed 0 unless told
        double[] x0 = startPoint(problem.variables(), usedSeed);
        PrintWriter out = spec.commandLine().getOut();
        MinimizeText text = new MinimizeText(out, problem);
        Minimizer.Options options = new Minimizer.Options(learningRate, epochs, tolerance, true, null);
        if (!json) {
            text.header(expression, learningRate, epochs, isRandomStart() ? usedSeed : null);
            if (trace) {
                // Streamed as the steps happen, so a run that diverges still shows how it got there.
                options = options.withStepListener(text.tracer(epochs, learningRate));
            }
        }
        List<Minimizer.Result> results = new ArrayList<>();
        if (compare) {
            if (problem.hasDerivatives()) {
                results.add(problem.run(Mode.manual, x0, options));
            }
            results.add(problem.run(Mode.autograd, x0, options));
            results.add(problem.run(Mode.numeric, x0, options));
        } else {
            results.add(problem.run(chosen, x0, options));
        }
        Minimizer.Result main = results.get(0);
        if (plot != null) {
            MinimizePlot.write(plot, problem, main);
        }
        if (json) {
            out.println(Json.line(compare ? comparison(problem, results) : jsonOf(problem, main)));
        } else {
            if (trace) {
                text.endTrace(main, learningRate);
            }
            for (Minimizer.Result r : results) {
                text.result(r);
            }
            if (compare) {
                text.agreement(results);
            }
            if (plot != null) {
                out.println("plot:      " + plot);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private boolean isRandomStart() {
        return start.size() == 1 && start.get(0).equals("random");
    }

    private double[] startPoint(List<String> variables, long usedSeed) {
        if (isRandomStart()) {
            if (low >= high) {
                throw new UserError("minimize: --low " + low + " must be below --high " + high);
            }
            Random rng = new Random(usedSeed);
            return Tensor.randint(rng, low, high, variables.size()).toArray();
        }
        SortedMap<String, Double> given = Point.parse(start);
        double[] x0 = new double[variables.size()];
        for (int i = 0; i < x0.length; i++) {
            Double v = given.get(variables.get(i));
            if (v == null) {
                throw new UserError("minimize: --start gives no value for " + variables.get(i) + "; write --start "
                        + String.join(",", variables.stream().map(n -> n + "=...").toList()) + " or --start random");
            }
            x0[i] = v;
        }
        return x0;
    }

    private Map<String, Object> jsonOf(CommandLineFunction problem, Minimizer.Result r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("expr", expression);
        o.put("mode", CommandLineFunction.modeOf(r).name());
        o.put("epochs", epochsOption.orElse(1000));
        o.put("learning_rate", lr.orElse(0.01));
        o.put("start", problem.named(r.start()));
        o.put("seed", seed.orElse(0));
        o.put("minimizer", problem.named(r.minimizer()));
        o.put("value", r.value());
        o.put("steps", r.steps());
        return o;
    }

    private Map<String, Object> comparison(CommandLineFunction problem, List<Minimizer.Result> results) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("expr", expression);
        o.put("results", results.stream().map(r -> jsonOf(problem, r)).toList());
        o.put("max_difference", Minimizer.Result.maxDifference(results));
        return o;
    }
}
