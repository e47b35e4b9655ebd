package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GradCheckCatalogueTest {
    /** Public Tensor methods that return tensors but have no gradient (constants, creation, in-place). */
    private static final Set<String> NOT_DIFFERENTIABLE = Set.of(
            "of", "wrap", "zeros", "ones", "full", "arange", "linspace", "eye", "rand", "randn", "uniform", "randint",
            "zerosLike", "onesLike", "gt", "lt", "ge", "le", "eq", "ne", "argmax", "argmin", "detach", "grad",
            "requiresGrad", "addInPlace", "subInPlace", "mulInPlace", "divInPlace", "copyInPlace", "fillInPlace",
            "to");  // differentiable, but finite differences cannot see through float32 rounding: DTypeTest

    static List<OpCatalogue.Case> cases() {
        return OpCatalogue.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrderGradientsMatchCentralDifferences(OpCatalogue.Case c) {
        GradCheck.Report report = GradCheck.check(c.label(), c.f(), c.inputs());
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrderGradientsMatchCentralDifferences(OpCatalogue.Case c) {
        GradCheck.Report report = GradCheck.checkSecondOrder(c.label(), c.f(), c.inputs());
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @Test
    void everyDifferentiablePublicMethodIsInTheCatalogue() {
        Set<String> covered = cases().stream().map(OpCatalogue.Case::method).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (Method m : Tensor.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Tensor.class
                    && !NOT_DIFFERENTIABLE.contains(m.getName()) && !covered.contains(m.getName())) {
                missing.add(m.getName());
            }
        }
        assertThat(missing).as("public Tensor operations without a gradcheck").isEmpty();
    }

    @Test
    void everyPrimitiveIsReachedByTheCatalogueInFirstOrSecondOrder() {
        Set<String> seen = new TreeSet<>();
        for (OpCatalogue.Case c : cases()) {
            Tensor out = c.f().apply(c.inputs());
            collectOps(out, seen);
            List<Tensor> wanted = c.inputs().stream().filter(Tensor::requiresGrad).toList();
            for (Tensor g : Autograd.grad(out.sum(), wanted, true)) {
                collectOps(g, seen);
                if (g.requiresGrad()) {
                    Autograd.grad(g.sum(), wanted, true).forEach(h -> collectOps(h, seen));
                }
            }
        }
        Set<String> unreached = new TreeSet<>(primitivesInTheSource());
        unreached.removeAll(seen);
        // A cast's gradient is the cast back: finite differences cannot see through float32 rounding,
        // so DTypeTest checks it, and the float32 differential runs check every rule behind it.
        unreached.remove("to");
        assertThat(unreached).as("primitives no catalogue case exercises").isEmpty();
    }

    @Test
    void aWrongGradientIsReportedWithInputElementAndBothValues() {
        // x³ computed as a primitive with a deliberately wrong rule (2x instead of 3x²).
        Tensor x = Tensor.of(new double[] {1.0, 2.0}).requiresGrad(true);
        GradCheck.Report report = GradCheck.check("cube", in -> Tensor.record("mul",
                dev.descent.kernel.Storage.wrap(Arrays.stream(in.get(0).toArray()).map(v -> v * v * v).toArray()),
                in.get(0).shape(),
                g -> new Tensor[] {g.mul(in.get(0)).mul(2)}, in.get(0)).sum(), List.of(x));
        assertThat(report.passed()).isFalse();
        assertThat(report.toString()).contains("gradcheck of cube: 2 mismatches")
                .contains("input 0, element 1: analytic 4.0, numeric 11.99999");
    }

    /**
     * The primitives, read from the source rather than kept in a list: a primitive is whatever
     * records a gradient rule under a name, {@code record("name", ...)} or {@code recordSavingOutput("name", ...)}.
     */
    static Set<String> primitivesInTheSource() {
        Pattern recorded = Pattern.compile("(?:record|recordSavingOutput|extremum)\\(\"(\\w+)\"");
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(Path.of("src/main/java/dev/descent"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = recorded.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(names).as("primitives found in the source").contains("add", "matmul", "exp");
        return names;
    }

    private static void collectOps(Tensor root, Set<String> into) {
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Tensor t = todo.pop();
            if (!visited.add(t) || t.node == null) {
                continue;
            }
            into.add(t.node.op);
            todo.addAll(Arrays.asList(t.node.inputs));
        }
    }
}
