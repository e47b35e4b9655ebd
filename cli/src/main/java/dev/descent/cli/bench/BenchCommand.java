package dev.descent.cli.bench;

import dev.descent.cli.bench.Measurement;
import dev.descent.cli.bench.Workloads;
import dev.descent.Backend;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.UserError;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent bench}: the performance table's workloads, one JSON line each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark workloads (after warm-up, repeated) and prints one JSON line per workload:"
                + " {\"workload\":..,\"median\":..,\"unit\":..,\"runs\":[..]}. bench/compare runs the NumPy and PyTorch"
                + " peers beside it.",
            "Workloads: course-2x2-autograd, course-xyz-autograd, scalar-mul-add-backward, boston-gd-1000,"
                + " matmul-1024-t1, matmul-1024-t2, matmul-1024-t1-float32,"
                + " matmul-1024-t2-float32, mlp-784-256-256-10, mlp-784-256-256-10-float32 (the same MLP cast to"
                + " float32; both on 1 thread), conv-64x28x28-32-64, conv-64x28x28-32-64-float32 (two 3x3"
                + " convolutions, forward and backward, 1 thread), lenet-fashion-mnist, lenet-fashion-mnist-float32 (LeNet cnn:6k5,16k5|120,84"
                + " training with Adam, batch 64, 1 thread; the note gives the time of a 60,000-image epoch)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repeats and a smaller MLP epoch: a smoke test, not a measurement.")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "NAME,...", description = "Run only these workloads.")
    List<String> only;

    @Option(names = "--list", description = "Print the workloads' names, one per line, and run none"
            + " (bench/compare runs each in a JVM of its own).")
    boolean list;

    @Override
    public Integer call() {
        Workloads workloads = new Workloads(quick);
        List<String> names = only == null ? Workloads.NAMES : only;
        for (String name : names) {
            if (!Workloads.NAMES.contains(name)) {
                throw new UserError("bench: unknown workload '" + name + "' (known: " + String.join(", ", Workloads.NAMES) + ")");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            names.forEach(out::println);
            out.flush();
            return ExitCode.OK;
        }
        for (String name : names) {
            Measurement m = workloads.run(name);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("workload", m.workload());
            line.put("median", m.median());
            line.put("unit", m.unit());
            line.put("runs", m.runs());
            if (m.note() != null) {
                line.put("note", m.note());
            }
            line.put("java", Runtime.version().feature());
            line.put("tile", Backend.matMulTile());
            line.put("backend", m.backend());
            out.println(Json.line(line));
            out.flush();
        }
        return ExitCode.OK;
    }
}
