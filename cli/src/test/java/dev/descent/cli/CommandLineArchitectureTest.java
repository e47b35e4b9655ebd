package dev.descent.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line is organised by command: each command's package stands alone on the library,
 * {@code cli.common} and the charts; only {@code Main} knows them all.
 */
class CommandLineArchitectureTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.descent.cli");
    private static final List<String> COMMANDS = List.of("grad", "minimize", "fit", "predict", "demo", "bench", "shell",
            "playground");

    @Test
    void noCommandReachesIntoAnotherCommand() {
        for (String command : COMMANDS) {
            String[] others = COMMANDS.stream().filter(c -> !c.equals(command)).map(c -> "dev.descent.cli." + c + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.descent.cli." + command + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(CLI);
        }
    }

    @Test
    void theSharedPartsDoNotDependOnAnyCommand() {
        String[] commands = COMMANDS.stream().map(c -> "dev.descent.cli." + c + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("dev.descent.cli.common..", "dev.descent.cli.plot..")
                .should().dependOnClassesThat().resideInAnyPackage(commands)
                .check(CLI);
    }

    @Test
    void theLibraryDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAnyPackage("dev.descent", "dev.descent.nn..", "dev.descent.optim..",
                        "dev.descent.data..", "dev.descent.train..", "dev.descent.linear..", "dev.descent.io..",
                        "dev.descent.playground..")
                .should().dependOnClassesThat().resideInAPackage("dev.descent.cli..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.descent"));
    }
}
