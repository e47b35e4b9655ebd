package dev.descent.cli;

import dev.descent.cli.bench.BenchCommand;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.StandardOutput;
import dev.descent.cli.common.UserError;
import dev.descent.cli.data.DataCommand;
import dev.descent.cli.demo.DemoCommand;
import dev.descent.cli.fit.FitCommand;
import dev.descent.cli.grad.GradCommand;
import dev.descent.cli.minimize.MinimizeCommand;
import dev.descent.cli.playground.PlaygroundCommand;
import dev.descent.cli.predict.PredictCommand;
import dev.descent.cli.shell.ShellCommand;
import dev.descent.io.Numbers;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code descent} command. Exit status: 0 on success, 2 on bad input (one
 * readable line, no stack trace), 1 on an internal error.
 */
@Command(name = "descent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        resourceBundle = "dev.descent.cli.Messages",
        description = "Tensors, automatic differentiation and gradient descent, from the command line.",
        subcommands = {GradCommand.class, MinimizeCommand.class, FitCommand.class, PredictCommand.class, DataCommand.class,
            DemoCommand.class, BenchCommand.class, ShellCommand.class, PlaygroundCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    /** 128 + SIGPIPE: what a shell reports for a program stopped by a reader that closed the pipe. */
    private static final int SIGPIPE_STATUS = 141;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn to files, never to a window
        // UTF-8 whatever the platform's default (JDK 17 may still have another): the output has R² and →.
        // Standard output is opened afresh rather than through System.out, a PrintStream that would
        // swallow a write error (a full disk, a closed pipe) where checkError() should see it.
        StandardOutput stdout = new StandardOutput();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = run(args, System.in, out, err);
        if (stdout.failure() != null && status == ExitCode.OK) {
            if (stdout.readerClosed()) {
                status = SIGPIPE_STATUS; // as a Unix tool ends when | head has read enough: quietly
            } else {
                err.println("descent: cannot write to standard output: " + stdout.failure().getMessage());
                status = ExitCode.BAD_INPUT;
            }
        }
        System.exit(status);
    }

    /** {@code descent} alone: the list of commands, as {@code descent --help} prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line with the given arguments and streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, reading standard input from {@code in}. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(in, out, err);
        int status;
        try {
            status = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Whatever the estimates before allocating missed: one line, never a stack trace.
            err.println("descent: out of memory (" + e.getMessage() + "); give Java more with JAVA_OPTS=-Xmx...,"
                    + " or ask for less (a smaller model, fewer rows, fewer epochs)");
            if (System.getenv("DESCENT_DEBUG") != null) {
                e.printStackTrace(err); // where it ran out, as for an internal error
            }
            err.flush();
            return ExitCode.INTERNAL_ERROR;
        }
        out.flush();
        return status;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(System.in, out, err);
    }

    static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        // picocli's own warnings (an unbalanced quote in a split option) would be lines of its internals on
        // standard error; the option's value is checked, and refused in one line, where it is used.
        if (System.getProperty("picocli.trace") == null) {
            System.setProperty("picocli.trace", "OFF");
        }
        CommandLine cli = new CommandLine(new Main(), new Factory(in));
        // "descent grad -x^2" is an expression, not an unknown option.
        cli.getSubcommands().get("grad").setUnmatchedOptionsArePositionalParams(true);
        // Every number option refuses what is not a finite number (1e309 is not Infinity), as CSV cells do.
        cli.registerConverter(Double.class, Numbers::parseFinite);
        cli.registerConverter(double.class, Numbers::parseFinite);
        // Every command answers --version, not only the top one.
        Version version = new Version();
        cli.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(version));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getParent() == null ? "descent" : "descent " + c.getCommandName();
            c.getErr().println(name + ": " + ex.getMessage() + " (see " + name + " --help)");
            c.getErr().flush();
            return ExitCode.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (isBadInput(ex)) {
                c.getErr().println(oneLine(c.getCommandName(), ex.getMessage()));
                c.getErr().flush();
                return ExitCode.BAD_INPUT;
            }
            c.getErr().println("descent " + c.getCommandName() + ": internal error: " + ex);
            if (System.getenv("DESCENT_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            } else {
                c.getErr().println("(set DESCENT_DEBUG=1 to see the stack trace; please report it)");
            }
            c.getErr().flush();
            return ExitCode.INTERNAL_ERROR;
        });
        return cli;
    }

    /**
     * Bad input, as opposed to a bug: wrong arguments or data, a file that cannot be read or written,
     * or training that diverged with the settings given.
     */
    static boolean isBadInput(Exception ex) {
        return ex instanceof UserError || ex instanceof IllegalArgumentException
                || ex instanceof dev.descent.optim.DivergenceException || ex instanceof dev.descent.AnomalyException
                || ex instanceof java.io.UncheckedIOException;
    }

    /** {@code descent fit: <message>}, without repeating the command's name when the message starts with it. */
    static String oneLine(String command, String message) {
        String m = message == null ? "failed" : message;
        return "descent " + (m.startsWith(command + ": ") ? m : command + ": " + m);
    }

    /** Creates the commands, giving those that read standard input the stream to read. */
    private record Factory(InputStream in) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == GradCommand.class) {
                return type.cast(new GradCommand(in));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"descent " + (v == null ? "(development build)" : v)
                    + " on Java " + Runtime.version()};
        }
    }
}
