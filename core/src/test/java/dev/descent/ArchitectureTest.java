package dev.descent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down only: kernel ← tensor ← nn, optim, data, metrics, expr ← train ← linear. The
 * layers above (io, the command line, the benchmarks) are other modules, which core cannot see.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.descent");

    @Test
    void theLayersPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("kernel").definedBy("dev.descent.kernel..")
                .layer("tensor").definedBy("dev.descent")
                .layer("parts").definedBy("dev.descent.nn..", "dev.descent.optim..", "dev.descent.data..", "dev.descent.expr..",
                        "dev.descent.metrics..")
                .layer("training").definedBy("dev.descent.train..")
                .layer("models").definedBy("dev.descent.linear..")
                .whereLayer("models").mayNotBeAccessedByAnyLayer()
                .whereLayer("training").mayOnlyBeAccessedByLayers("models")
                .whereLayer("parts").mayOnlyBeAccessedByLayers("training", "models")
                .whereLayer("tensor").mayOnlyBeAccessedByLayers("parts", "training", "models")
                .check(CORE);
    }

    @Test
    void kernelsKnowNothingOfTensorsOrGraphs() {
        noClasses().that().resideInAPackage("dev.descent.kernel..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.descent.kernel..", "java..",
                        "jdk.incubator.vector..")
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
