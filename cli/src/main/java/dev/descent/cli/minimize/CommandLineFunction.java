package dev.descent.cli.minimize;

import dev.descent.Tensor;
import dev.descent.cli.common.UserError;
import dev.descent.expr.Expression;
import dev.descent.optim.Minimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A function to minimise from the command line, with its hand-written partial derivatives if any. */
final class CommandLineFunction {
    private final Expression f;
    private final List<String> variables;
    private final List<Expression> derivatives;

    private CommandLineFunction(Expression f, List<Expression> derivatives) {
        this.f = f;
        this.variables = List.copyOf(f.variables());
        this.derivatives = derivatives;
    }

    /** Binds each {@code --derivative [NAME=]EXPR} to its variable; every variable needs exactly one. */
    public static CommandLineFunction of(Expression f, List<String> derivativeArgs) {
        List<String> vars = List.copyOf(f.variables());
        if (vars.isEmpty()) {
            throw new UserError("minimize: '" + f.source() + "' has no variables to minimise over");
        }
        if (derivativeArgs.isEmpty()) {
            return new CommandLineFunction(f, List.of());
        }
        Map<String, Expression> byName = new HashMap<>();
        for (String arg : derivativeArgs) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? null : arg.substring(0, eq).strip();
            String text = eq < 0 ? arg : arg.substring(eq + 1);
            if (name == null) {
                if (vars.size() != 1) {
                    throw new UserError("--derivative " + arg + ": name the variable (e.g. --derivative " + vars.get(0)
                            + "=...) since " + f.source() + " has " + vars.size() + " variables");
                }
                name = vars.get(0);
            }
            if (!vars.contains(name)) {
                throw new UserError("--derivative " + arg + ": " + name + " is not a variable of " + f.source()
                        + " (its variables: " + String.join(", ", vars) + ")");
            }
            Expression d = Expression.parse(text);
            for (String v : d.variables()) {
                if (!vars.contains(v)) {
                    throw new UserError("--derivative " + arg + ": uses " + v + ", which is not a variable of " + f.source());
                }
            }
            if (byName.put(name, d) != null) {
                throw new UserError("--derivative: " + name + " is given more than once");
            }
        }
        List<Expression> ordered = new ArrayList<>();
        for (String v : vars) {
            Expression d = byName.get(v);
            if (d == null) {
                throw new UserError("--derivative: no derivative for " + v + "; give one per variable (--derivative "
                        + v + "=...)");
            }
            ordered.add(d);
        }
        return new CommandLineFunction(f, ordered);
    }

    public List<String> variables() {
        return variables;
    }

    public boolean hasDerivatives() {
        return !derivatives.isEmpty();
    }

    public String source() {
        return f.source();
    }

    public Minimizer.Result run(MinimizeCommand.Mode mode, double[] start, Minimizer.Options options) {
        return switch (mode) {
            case manual -> Minimizer.manual(this::value, this::handWritten, start, options);
            case numeric -> Minimizer.numeric(this::value, start, options);
            case autograd -> Minimizer.autograd(vs -> f.evaluate(bind(vs)), start, options);
        };
    }

    public static MinimizeCommand.Mode modeOf(Minimizer.Result r) {
        return switch (r.source()) {
            case MANUAL -> MinimizeCommand.Mode.manual;
            case AUTOGRAD -> MinimizeCommand.Mode.autograd;
            case NUMERIC -> MinimizeCommand.Mode.numeric;
        };
    }

    /** f at a point. */
    public double value(double[] x) {
        return f.valueAt(named(x));
    }

    public double[] handWritten(double[] x) {
        double[] g = new double[derivatives.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = derivatives.get(i).valueAt(named(x));
        }
        return g;
    }

    /** The values by variable name, in sorted order. */
    public Map<String, Double> named(double[] x) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            m.put(variables.get(i), x[i]);
        }
        return m;
    }

    private Map<String, Tensor> bind(List<Tensor> values) {
        Map<String, Tensor> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(variables.get(i), values.get(i));
        }
        return m;
    }
}
