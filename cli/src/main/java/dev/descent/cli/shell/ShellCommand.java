package dev.descent.cli.shell;

import dev.descent.cli.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code descent shell}: jshell with Descent on the class path and its packages imported. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Starts jshell with Descent on the class path and its packages imported.")
public final class ShellCommand implements Callable<Integer> {
    static final List<String> IMPORTS = List.of("dev.descent.*", "dev.descent.nn.*", "dev.descent.optim.*",
            "dev.descent.optim.schedule.*", "dev.descent.data.*", "dev.descent.metrics.*", "dev.descent.linear.*",
            "dev.descent.train.*", "dev.descent.io.*", "dev.descent.expr.*", "java.util.*");

    @Parameters(arity = "0..*", paramLabel = "JSHELL-ARGS", description = "Further arguments passed to jshell.")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        if (!Files.isExecutable(jshell)) {
            throw new UserError("shell: jshell was not found next to this Java (" + jshell.getParent()
                    + "); it needs a full JDK, not a runtime");
        }
        Path startup = Files.createTempFile("descent-startup", ".jsh");
        startup.toFile().deleteOnExit();
        StringBuilder script = new StringBuilder();
        for (String i : IMPORTS) {
            script.append("import ").append(i).append(";\n");
        }
        script.append("System.out.println(\"Descent is imported. Try: var x = Tensor.of(3.0).requiresGrad(true);"
                + " x.pow(2).mul(2).backward(); x.grad()\");\n");
        Files.writeString(startup, script, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(jshell.toString(), "--class-path", ownJar(),
                "-R--add-modules", "-Rjdk.incubator.vector", "--startup", "DEFAULT", "--startup", startup.toString()));
        command.addAll(extra);
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }

    private static String ownJar() {
        try {
            return Path.of(ShellCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | SecurityException e) {
            throw new IllegalStateException("shell: cannot locate the Descent jar", e);
        }
    }
}
