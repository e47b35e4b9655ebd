package dev.descent.cli.grad;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.PrintWriter;
import java.util.List;

/**
 * The human-readable output of {@code descent grad}:
 *
 * <pre>
 * f(x, y) = 2*x^2 + sin(x*y)
 * at x = 1.5, y = -2.0
 * value   4.358879991940133
 * df/dx   7.97998499320089
 * df/dy   -1.4849887449006682
 * </pre>
 *
 * followed, with {@code --hessian}, by the matrix with aligned columns.
 */
final class GradText {
    private GradText() {
    }

    static void write(Gradient g, PrintWriter out) {
        List<String> names = g.variables();
        out.println("f(" + String.join(", ", names) + ") = " + g.expression().strip());
        if (!names.isEmpty()) {
            StringBuilder at = new StringBuilder("at ");
            for (int i = 0; i < names.size(); i++) {
                at.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ").append(number(g.point()[i]));
            }
            out.println(at);
        }
        int width = "value".length();
        for (String name : names) {
            width = Math.max(width, ("df/d" + name).length());
        }
        out.println(pad("value", width) + "   " + number(g.value()));
        for (int i = 0; i < names.size(); i++) {
            out.println(pad("df/d" + names.get(i), width) + "   " + number(g.gradient()[i]));
        }
        if (g.hessian() != null) {
            writeHessian(g.hessian(), names, out);
        }
    }

    private static void writeHessian(double[][] h, List<String> names, PrintWriter out) {
        out.println("hessian, rows and columns " + (names.isEmpty() ? "(none)" : String.join(", ", names)) + ":");
        int n = h.length;
        String[][] cells = new String[n][n];
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cells[i][j] = number(h[i][j]);
                widths[j] = Math.max(widths[j], cells[i][j].length());
            }
        }
        for (int i = 0; i < n; i++) {
            StringBuilder row = new StringBuilder(" ");
            for (int j = 0; j < n; j++) {
                row.append("  ").append(" ".repeat(widths[j] - cells[i][j].length())).append(cells[i][j]);
            }
            out.println(row);
        }
    }

    /**
     * The shortest decimal that reads back as exactly {@code v}, as {@code --json} prints it. Java
     * 17's own {@code Double.toString} is not always shortest (it prints 2.0E-3 as 0.0020).
     */
    static String number(double v) {
        return NumberOutput.toString(v, true);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
