package dev.descent.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs a test class's main in a new JVM with this JVM's class path. */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
