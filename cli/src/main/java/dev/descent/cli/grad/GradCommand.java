package dev.descent.cli.grad;

import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.Point;
import dev.descent.cli.common.StandardInput;
import dev.descent.cli.common.UserError;
import dev.descent.expr.Expression;
import dev.descent.expr.ExpressionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent grad}: value, gradient and Hessian of an expression, by reverse-mode autograd. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = {
            "Evaluates an expression and its gradient at a point, by automatic differentiation.",
            "",
            "Expressions use numbers (3, 1.5, .5, 1e-3), variables, + - * / ^ and parentheses; ^ binds tighter"
                    + " than a sign (-x^2 is -(x^2)) and groups to the right (2^3^2 is 2^9). Functions: exp log sqrt abs"
                    + " sin cos tan tanh sigmoid relu. Outside a function's domain the result is NaN or infinite, as IEEE"
                    + " arithmetic gives (log(-1) is NaN); --json writes those as the strings \"NaN\", \"Infinity\","
                    + " \"-Infinity\".",
            "Expressions that start with '-' are fine: descent grad -x^2 --at x=2"},
        footer = {"", "Examples:",
            "  descent grad \"2*x^2 + sin(x*y)\" --at x=1.5,y=-2",
            "  descent grad \"x^2+y^2+z^2\" --at x=1,y=2,z=3 --hessian --json",
            "  printf '%%s\\n' \"x*y\" \"exp(x)/y\" | descent grad - --at x=1,y=2 --json"})
public final class GradCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "EXPR", description = "The expression, or - to read one expression per line from standard"
            + " input (blank lines are skipped; a bad line is reported and the others are still evaluated).")
    String expression;

    @Option(names = "--at", paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description = "The point: a value for each variable of the expression (others are ignored).")
    List<String> at = new ArrayList<>();

    @Option(names = "--hessian", description = "Also print the Hessian, the matrix of second derivatives.")
    boolean hessian;

    @Mixin
    JsonOption jsonOption;

    private final InputStream stdin;

    public GradCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        Map<String, Double> point = Point.parse(at);
        PrintWriter out = spec.commandLine().getOut();
        if ("-".equals(expression)) {
            return fromStandardInput(point, out, spec.commandLine().getErr());
        }
        Gradient g = Gradient.of(Expression.parse(expression), point, hessian);
        print(g, out);
        return ExitCode.OK;
    }

    /** One expression per line; a bad line is reported (as JSON with --json) and the rest still run. */
    private int fromStandardInput(Map<String, Double> point, PrintWriter out, PrintWriter err) {
        if (stdin == System.in) {
            StandardInput.requireOpen("printf 'x^2\\n' | descent grad - --at x=1");
        }
        int total = 0;
        int failed = 0;
        boolean printed = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                total++;
                try {
                    Gradient g = Gradient.of(Expression.parse(text), point, hessian);
                    if (printed && !jsonOption.enabled()) {
                        out.println();   // a blank line between text blocks
                    }
                    print(g, out);
                    printed = true;
                } catch (IllegalArgumentException | UserError e) {
                    failed++;
                    report(text, number, e, out, err);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading standard input", e);
        }
        if (failed > 0) {
            err.println("descent grad: " + failed + " of " + total + (total == 1 ? " expression" : " expressions") + " failed");
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.OK;
    }

    private void report(String text, int line, RuntimeException e, PrintWriter out, PrintWriter err) {
        if (jsonOption.enabled()) {
            if (e instanceof ExpressionException syntax) {
                out.println(GradJson.error(text, syntax.reason(), syntax.position() + 1));
            } else {
                out.println(GradJson.error(text, e.getMessage(), null));
            }
            out.flush();
        } else {
            err.println("descent grad: line " + line + ": " + e.getMessage());
            err.flush();
        }
    }

    private void print(Gradient g, PrintWriter out) {
        if (jsonOption.enabled()) {
            out.println(GradJson.result(g));
        } else {
            GradText.write(g, out);
        }
        out.flush();
    }
}
