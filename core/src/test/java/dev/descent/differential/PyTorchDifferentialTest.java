package dev.descent.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.descent.Tensor;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.LrLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Descent against PyTorch, case by case, from the float64 fixtures that
 * {@code core/src/test/python/pytorch_reference.py} writes (no Python is needed to run this).
 * Every case is one test named by the case; a failure reads like
 * {@code logSumExp dim -1 tied maxima: gradient of input 0 differs at [0, 1]: expected 0.5 got 1.0}.
 * Every fixture key has a line in {@link DescentCalls}.
 */
class PyTorchDifferentialTest {
    /** Public Tensor methods without a differential case, and why. */
    private static final Set<String> NOT_COMPARED = Set.of(
            "rand", "randn", "uniform", "randint",  // random: torch's generator draws other numbers
            "shape",  // compared with every output
            "grad", "zeroGrad", "requiresGrad", "isLeaf", "gradFn",  // exercised by every gradient comparison
            "toString",  // formatting, not numbers
            "to", "dtype", "toFloatArray");  // the float32 runs of every case (Float32DifferentialTest)

    @TestFactory
    Stream<DynamicTest> ops() {
        return tests("ops");
    }

    @TestFactory
    Stream<DynamicTest> losses() {
        return tests("losses");
    }

    @TestFactory
    Stream<DynamicTest> layers() {
        return tests("layers");
    }

    @TestFactory
    Stream<DynamicTest> optimizers() {
        return tests("optimizers");
    }

    /** conv2d, the pooling ops and the convolutional layers ({@code convolution.json}). */
    @TestFactory
    Stream<DynamicTest> convolution() {
        return tests("convolution");
    }

    @TestFactory
    Stream<DynamicTest> schedules() {
        return tests("schedules");
    }

    private static Stream<DynamicTest> tests(String file) {
        Fixtures.File f = Fixtures.load(file);
        return f.cases().stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> CaseRunner.run(f, c)));
    }

    private static List<JsonNode> allCases() {
        List<JsonNode> all = new ArrayList<>();
        for (String name : Fixtures.FILES) {
            all.addAll(Fixtures.load(name).cases());
        }
        return all;
    }

    /** The keys a case needs: its op, and the layers nested in a Sequential or the schedule after a warm-up. */
    private static void keys(JsonNode c, Set<String> into) {
        into.add(c.get("op").asText());
        if (c.has("layer")) {
            layerKeys(c.get("layer"), into);
        }
        for (JsonNode s = c.get("schedule"); s != null; s = s.get("then")) {
            into.add(s.get("type").asText());
        }
    }

    private static void layerKeys(JsonNode spec, Set<String> into) {
        into.add(spec.get("layer").asText());
        JsonNode nested = spec.path("config").path("layers");
        nested.forEach(n -> layerKeys(n, into));
    }

    @Test
    void everyFixtureRecordsTheTorchVersionAndTheTolerance() {
        for (String name : Fixtures.FILES) {
            Fixtures.File f = Fixtures.load(name);
            assertThat(f.document().path("torchVersion").asText()).as(name).isNotEmpty();
            assertThat(f.rtol()).as(name + " rtol").isEqualTo(1e-9);
            assertThat(f.atol()).as(name + " atol").isEqualTo(1e-12);
            assertThat(f.cases()).as(name).isNotEmpty();
        }
    }

    @Test
    void everyFixtureKeyIsMappedToDescent() {
        Set<String> needed = new TreeSet<>();
        allCases().forEach(c -> keys(c, needed));
        needed.removeAll(DescentCalls.mapped());
        assertThat(needed).as("fixture keys without a line in DescentCalls").isEmpty();
    }

    @Test
    void everyCaseNameIsUnique() {
        Set<String> seen = new TreeSet<>();
        List<String> repeated = new ArrayList<>();
        allCases().forEach(c -> {
            if (!seen.add(c.get("name").asText())) {
                repeated.add(c.get("name").asText());
            }
        });
        assertThat(repeated).isEmpty();
    }

    @Test
    void everyPublicTensorMethodHasADifferentialCase() {
        Set<String> covered = new TreeSet<>();
        allCases().forEach(c -> covered.add(c.get("op").asText().split("\\.", -1)[0]));
        Set<String> missing = new TreeSet<>();
        for (Method m : Tensor.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !NOT_COMPARED.contains(m.getName())
                    && !covered.contains(m.getName())) {
                missing.add(m.getName());
            }
        }
        assertThat(missing).as("public Tensor methods no fixture case compares with PyTorch").isEmpty();
    }

    private static final String TOLERANCE = "{\"tolerance\": {\"rtol\": 1e-9, \"atol\": 1e-12}, \"cases\": []}";

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void aWrongGradientIsReportedWithTheCaseTheElementAndBothValues() throws Exception {
        Fixtures.File file = new Fixtures.File("ops", json(TOLERANCE));
        JsonNode c = json("{'name': 'mul with a wrong fixture', 'op': 'mul', 'inputs': ["
                + "{'shape': [2], 'data': [1.0, 2.0], 'grad': true}, {'shape': [2], 'data': [3.0, 4.0], 'grad': false}],"
                + "'expect': {'output': {'shape': [2], 'data': [3.0, 8.0]}, 'differentiable': true,"
                + "'upstream': {'shape': [2], 'data': [1.0, 1.0]},"
                + "'gradUpstream': [{'shape': [2], 'data': [3.0, 5.0]}, null],"
                + "'grad': [{'shape': [2], 'data': [3.0, 4.0]}, null],"
                + "'gradAccumulated': [{'shape': [2], 'data': [6.0, 8.0]}, null]}}");
        assertThatThrownBy(() -> CaseRunner.run(file, c)).isInstanceOf(AssertionError.class).hasMessage(
                "mul with a wrong fixture: gradient (backward with upstream u) of input 0 differs at [1]:"
                        + " expected 5.0 got 4.0 (1 of 2 elements differ)");
    }

    @Test
    void aRefusalDescentDoesNotMakeIsReported() throws Exception {
        Fixtures.File file = new Fixtures.File("ops", json(TOLERANCE));
        JsonNode c = json("{'name': 'neg refused', 'op': 'neg', 'inputs': [{'shape': [1], 'data': [1.0], 'grad': false}],"
                + "'refusal': {'torch': 'RuntimeError: no', 'mustName': 'neg'}}");
        assertThatThrownBy(() -> CaseRunner.run(file, c)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("neg refused: PyTorch refuses (RuntimeError: no) but Descent returned a tensor of shape [1]");
    }

    @Test
    void everyLossLayerOptimizerAndScheduleHasADifferentialCase() {
        Set<String> covered = new TreeSet<>();
        allCases().forEach(c -> keys(c, covered));
        covered.addAll(new TreeSet<>(covered).stream().map(k -> k.split("\\.", -1)[0]).toList());
        Set<String> missing = new TreeSet<>();
        for (Method m : Loss.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !covered.contains(m.getName())) {
                missing.add("Loss." + m.getName());
            }
        }
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.descent.nn", "dev.descent.optim");
        for (JavaClass k : core) {
            boolean concrete = k.getModifiers().contains(JavaModifier.PUBLIC)
                    && !k.getModifiers().contains(JavaModifier.ABSTRACT) && !k.isInterface();
            boolean compared = k.isAssignableTo(Module.class) || k.isAssignableTo(Optimizer.class)
                    || k.isAssignableTo(LrLambda.class);
            if (concrete && compared && !covered.contains(k.getSimpleName())) {
                missing.add(k.getSimpleName());
            }
        }
        assertThat(missing).as("losses, layers, optimizers and schedules no fixture case compares with PyTorch")
                .isEmpty();
    }

    @Test
    void refusalMessagesAreRecognisedOnlyWhenTheyNameTheOp() {
        assertThat(CaseRunner.names("gather: index -1 is out of bounds", "gather")).isTrue();
        assertThat(CaseRunner.names("BatchNorm1d(3): input has shape [4, 2]", "BatchNorm1d")).isTrue();
        assertThat(CaseRunner.names("max: dimension 2 is out of range", "min")).isFalse();
        assertThat(CaseRunner.names("shape of the input", "of")).isFalse();
    }
}
