package dev.descent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point down only: kernel ← tensor ← nn, optim, data. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.descent");

    @Test
    void kernelsKnowNothingOfTensorsOrGraphs() {
        noClasses().that().resideInAPackage("dev.descent.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.descent", "dev.descent.nn..",
                        "dev.descent.optim..", "dev.descent.data..", "dev.descent.metrics..", "dev.descent.linear..", "dev.descent.train..")
                .check(CORE);
    }

    @Test
    void theTensorLayerDoesNotDependOnTheLayersAboveIt() {
        noClasses().that().resideInAPackage("dev.descent")
                .should().dependOnClassesThat().resideInAnyPackage("dev.descent.nn..", "dev.descent.optim..",
                        "dev.descent.data..", "dev.descent.metrics..", "dev.descent.linear..", "dev.descent.train..",
                        "dev.descent.io..", "dev.descent.cli..")
                .check(CORE);
    }

    @Test
    void layersDoNotReachUpIntoTheCommandLineOrFileFormats() {
        noClasses().that().resideInAnyPackage("dev.descent.nn..", "dev.descent.optim..", "dev.descent.data..",
                        "dev.descent.metrics..", "dev.descent.linear..", "dev.descent.train..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.descent.io..", "dev.descent.cli..")
                .check(CORE);
    }

    @Test
    void theTrainingLoopHelperSitsAboveTheLayersItUses() {
        noClasses().that().resideInAnyPackage("dev.descent.nn..", "dev.descent.optim..", "dev.descent.data..",
                        "dev.descent.metrics..", "dev.descent.linear..")
                .should().dependOnClassesThat().resideInAPackage("dev.descent.train..")
                .check(CORE);
    }

    @Test
    void everyPackageSaysWhatItIsFor() {
        CORE.stream().map(c -> c.getPackageName()).distinct().forEach(p -> {
            try {
                Class.forName(p + ".package-info");
            } catch (ClassNotFoundException e) {
                throw new AssertionError("package " + p + " has no package-info.java");
            }
        });
    }

    @Test
    void coreUsesNothingButTheJdk() {
        noClasses().that().resideInAPackage("dev.descent..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.descent..", "java..", "jdk.incubator.vector..")
                .check(CORE);
    }
}
