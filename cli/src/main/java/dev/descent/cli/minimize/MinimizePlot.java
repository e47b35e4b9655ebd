package dev.descent.cli.minimize;

import dev.descent.cli.plot.ChartFiles;
import dev.descent.cli.plot.Charts;
import dev.descent.io.AtomicFiles;
import dev.descent.optim.Minimizer;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;

/** The picture of a minimisation: the path over the graph (1 variable), over contours (2), or the loss per epoch. */
final class MinimizePlot {
    private MinimizePlot() {
    }

    static void write(Path file, CommandLineFunction problem, Minimizer.Result r) {
        List<Minimizer.Step> path = r.path();
        int n = problem.variables().size();
        String title = "Gradient descent on " + problem.source();
        JFreeChart chart;
        if (n == 1) {
            double[] xs = new double[path.size() + 1];
            for (int i = 0; i < path.size(); i++) {
                xs[i] = path.get(i).x()[0];
            }
            xs[path.size()] = r.minimizer()[0];
            chart = Charts.functionWithPath(title, problem.variables().get(0), x -> problem.value(new double[] {x}), xs);
        } else if (n == 2) {
            double[] xs = new double[path.size() + 1];
            double[] ys = new double[path.size() + 1];
            for (int i = 0; i < path.size(); i++) {
                xs[i] = path.get(i).x()[0];
                ys[i] = path.get(i).x()[1];
            }
            xs[path.size()] = r.minimizer()[0];
            ys[path.size()] = r.minimizer()[1];
            chart = Charts.contoursWithPath(title, problem.variables().get(0), problem.variables().get(1),
                    (x, y) -> problem.value(new double[] {x, y}), xs, ys);
        } else {
            double[] loss = path.stream().mapToDouble(Minimizer.Step::loss).toArray();
            chart = Charts.perEpoch(title, "f", List.of(new Charts.Series("f", loss)));
        }
        AtomicFiles.write(file, out -> ChartFiles.render(chart, file, out));
    }
}
