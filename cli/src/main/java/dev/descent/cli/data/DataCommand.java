package dev.descent.cli.data;

import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.UserError;
import dev.descent.data.Table;
import dev.descent.io.Csv;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent data}: the bundled data sets, or one data set's columns and first rows. */
@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the bundled data sets; given a name or a CSV file, shows its columns (type, missing"
                + " cells, range or categories) and its first rows, as pandas' info() and head() do.",
        footer = {"", "Examples:", "  descent data", "  descent data iris", "  descent data houses.csv --rows 10"})
public final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME|FILE.csv", description = "A bundled data set or a CSV file with a header row.")
    String data;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "5", description = "How many rows to show (default: ${DEFAULT-VALUE}).")
    int rows;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() {
        if (rows < 0) {
            throw new UserError("--rows " + rows + ": give 0 or more rows to show");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (data == null) {
            List<Map<String, Object>> sets = new ArrayList<>();
            for (String name : Datasets.names()) {
                sets.add(summary(Datasets.load(name)));
            }
            if (jsonOption.enabled()) {
                out.println(Json.line(Map.of("datasets", sets)));
            } else {
                out.print(DataText.list(sets));
            }
        } else {
            Map<String, Object> described;
            Table table;
            if (DataSource.isBundled(data)) {
                Dataset d = Datasets.load(data);
                described = summary(d);
                table = d.classNames().isEmpty() ? d.table() : withClassNames(d);
            } else {
                Path file = Path.of(data);
                if (!Files.exists(file)) {
                    throw new UserError(data + ": no such file, and not a bundled data set (bundled: "
                            + String.join(", ", Datasets.names()) + ")");
                }
                table = Csv.readTable(file);
                described = new LinkedHashMap<>();
                described.put("name", data);
                described.put("rows", table.rows());
                described.put("columns", table.names().size());
            }
            described.put("schema", ColumnSummary.of(table));
            described.put("head", head(table, rows));
            if (jsonOption.enabled()) {
                out.println(Json.line(described));
            } else {
                out.print(DataText.describe(described, table, rows));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static Map<String, Object> summary(Dataset d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", d.name());
        o.put("rows", d.size());
        o.put("columns", d.featureNames().size() + 1);
        o.put("target", d.targetName());
        o.put("task", d.isClassification() ? Formatting.count(d.classNames().size(), "class", "classes") : "regression");
        o.put("origin", Datasets.origin(d.name()));
        return o;
    }

    /** A bundled classifier's target as its class names, as fit and predict show it. */
    private static Table withClassNames(Dataset d) {
        List<Table.Column> columns = new ArrayList<>(d.table().columns());
        double[] index = d.target().toArray();
        String[] names = new String[index.length];
        for (int i = 0; i < index.length; i++) {
            names[i] = d.classNames().get((int) index[i]);
        }
        columns.set(columns.size() - 1, new Table.Texts(d.targetName(), names));
        return Table.of(d.name(), columns, null);
    }

    private static List<List<String>> head(Table table, int n) {
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < Math.min(n, table.rows()); r++) {
            List<String> row = new ArrayList<>();
            for (Table.Column c : table.columns()) {
                row.add(c.text(r));
            }
            out.add(row);
        }
        return out;
    }
}
