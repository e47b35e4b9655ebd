package dev.descent.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * The Java each panel shows runs as it is in {@code descent shell} (jshell with Descent imported)
 * and prints the panel's own result.
 */
class SnippetsTest {
    /** What {@code descent shell} imports. */
    private static final List<String> IMPORTS = List.of("dev.descent.*", "dev.descent.nn.*", "dev.descent.optim.*",
            "dev.descent.optim.schedule.*", "dev.descent.data.*", "dev.descent.metrics.*", "dev.descent.linear.*",
            "dev.descent.train.*", "dev.descent.io.*", "dev.descent.expr.*", "java.util.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneVariable() throws Exception {
        JsonNode a = OneVariable.answer(request("{\"expr\":\"x^4 - 3*x^2 + x\",\"derivative\":\"4*x^3 - 6*x + 1\","
                + "\"start\":2,\"lr\":0.01,\"epochs\":60}"));
        JsonNode steps = a.get("steps");
        assertThat(run(a.get("java").asText())).isEqualTo(steps.get(steps.size() - 1).get("next").asText());
    }

    @Test
    void twoVariables() throws Exception {
        JsonNode a = TwoVariables.answer(request("{\"expr\":\"(1 - x)^2 + 100*(y - x^2)^2\",\"start\":[-1,1.5],"
                + "\"lr\":0.001,\"epochs\":300,\"optimizers\":[\"momentum\",\"sgd\"],\"grid\":10}"));
        JsonNode end = a.get("paths").get(0).get("final");
        assertThat(run(a.get("java").asText())).isEqualTo(end.get("x").asText() + ", " + end.get("y").asText());
    }

    @Test
    void boston() throws Exception {
        JsonNode a = BostonRegression.answer(request("{\"lr\":0.1,\"epochs\":300,\"standardize\":true}"));
        double printed = Double.parseDouble(run(a.get("java").asText()));
        // the snippet prints the final model's loss; the panel's last point is the loss before the last step
        assertThat(printed).isLessThanOrEqualTo(a.get("loss").get(299).asDouble()).isGreaterThan(21.89);
    }

    @Test
    void network() throws Exception {
        NetworkTraining.Settings s = NetworkTraining.Settings.of(Request.ofQuery("tab=t&dataset=circles&epochs=40"));
        assertThat(Double.parseDouble(run(s.java()))).isBetween(0.0, 1.0);
        assertThat(s.cli()).isEqualTo("descent fit --data circles --model mlp:16,16 --activation relu --optimizer adam"
                + " --lr 0.03 --epochs 40 --seed 0");
    }

    private static Request request(String json) throws Exception {
        return new Request(JSON.readTree(json));
    }

    /** Runs {@code code} in jshell with Descent on the class path and returns what it printed, stripped. */
    private static String run(String code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream standard = System.out;
        // the local engine runs the code in this JVM, where it prints to System.out
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(System.getProperty("java.class.path"));
            StringBuilder source = new StringBuilder();
            IMPORTS.forEach(i -> source.append("import ").append(i).append(";\n"));
            source.append(code);
            List<String> problems = new ArrayList<>();
            String rest = source.toString();
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                for (SnippetEvent e : shell.eval(info.source())) {
                    if (e.status() == Snippet.Status.REJECTED) {
                        shell.diagnostics(e.snippet()).forEach(d -> problems.add(e.snippet().source() + ": "
                                + d.getMessage(null)));
                    }
                    if (e.exception() != null) {
                        problems.add(e.snippet().source() + ": " + e.exception());
                    }
                }
                rest = info.remaining();
            }
            assertThat(problems).as(code).isEmpty();
        } finally {
            System.setOut(standard);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
