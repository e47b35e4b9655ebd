package dev.descent.cli.grad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    /** The exit status and what the command printed. */
    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        JsonNode json(int line) throws Exception {
            return JSON.readTree(lines().get(line));
        }
    }

    private static Run gradWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "grad";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static Run grad(String... args) {
        return gradWithInput("", args);
    }

    @Test
    void jsonGradientAgreesWithTheHandDerivedOne() throws Exception {
        Run run = grad("2*x^2 + sin(x*y)", "--at", "x=1.5,y=-2", "--json");
        assertThat(run.status()).isEqualTo(0);
        JsonNode r = run.json(0);
        double x = 1.5;
        double y = -2;
        assertThat(r.get("expr").asText()).isEqualTo("2*x^2 + sin(x*y)");
        assertThat(r.get("value").asDouble()).isCloseTo(2 * x * x + Math.sin(x * y), within(1e-12));
        assertThat(r.get("grad").get("x").asDouble()).isCloseTo(4 * x + y * Math.cos(x * y), within(1e-12));
        assertThat(r.get("grad").get("y").asDouble()).isCloseTo(x * Math.cos(x * y), within(1e-12));
        assertThat(r.has("hessian")).isFalse();
    }

    @Test
    void hessianOfASumOfSquaresIsTwiceTheIdentity() throws Exception {
        Run run = grad("x^2+y^2+z^2", "--at", "x=1,y=2,z=3", "--hessian", "--json");
        assertThat(run.status()).isEqualTo(0);
        JsonNode r = run.json(0);
        assertThat(JSON.convertValue(r.get("hessian"), double[][].class))
                .isEqualTo(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}});
        assertThat(r.get("grad").toString()).isEqualTo("{\"x\":2.0,\"y\":4.0,\"z\":6.0}");
    }

    @Test
    void hessianAgreesWithHandDerivedSecondDerivatives() throws Exception {
        JsonNode h = grad("2*x^2 + sin(x*y)", "--at", "y=-2,x=1.5", "--hessian", "--json").json(0).get("hessian");
        double x = 1.5;
        double y = -2;
        double xy = x * y;
        assertThat(h.get(0).get(0).asDouble()).isCloseTo(4 - y * y * Math.sin(xy), within(1e-12));
        assertThat(h.get(0).get(1).asDouble()).isCloseTo(Math.cos(xy) - xy * Math.sin(xy), within(1e-12));
        assertThat(h.get(1).get(0).asDouble()).isCloseTo(Math.cos(xy) - xy * Math.sin(xy), within(1e-12));
        assertThat(h.get(1).get(1).asDouble()).isCloseTo(-x * x * Math.sin(xy), within(1e-12));
    }

    @Test
    void jsonKeepsVariablesInSortedOrder() {
        Run run = grad("b*a + c", "--at", "c=3,a=1,b=2", "--json");
        assertThat(run.out()).isEqualTo("{\"expr\":\"b*a + c\",\"value\":5.0,\"grad\":{\"a\":2.0,\"b\":1.0,\"c\":1.0}}" + NL);
    }

    @Test
    void jsonNumbersAreTheShortestThatReadBackExactly() {
        assertThat(grad("x", "--at", "x=0.1", "--json").out()).contains("\"value\":0.1,");
        assertThat(grad("1/3", "--json").out()).contains("\"value\":0.3333333333333333,");
        // Java 17's Double.toString prints this one as 0.0020.
        assertThat(grad("x", "--at", "x=0.002", "--json").out()).contains("\"value\":0.002,");
        assertThat(grad("1e-300*x", "--at", "x=1e-10", "--json").out()).contains("\"value\":1.0E-310,");
    }

    @Test
    void nanAndInfinityAreJsonStrings() throws Exception {
        Run run = grad("log(x) + 0*y", "--at", "x=-1,y=0", "--json");
        assertThat(run.status()).isEqualTo(0);
        assertThat(run.out()).startsWith("{\"expr\":\"log(x) + 0*y\",\"value\":\"NaN\",");
        JsonNode r = grad("1/x", "--at", "x=0", "--json").json(0);
        assertThat(r.get("value").asText()).isEqualTo("Infinity");
        assertThat(r.get("grad").get("x").asText()).isEqualTo("-Infinity");
    }

    @Test
    void textOutputShowsTheValueAndTheGradientByName() {
        Run run = grad("x*y + 1", "--at", "x=2,y=-3,unused=7");
        assertThat(run.status()).isEqualTo(0);
        assertThat(run.lines()).containsExactly("f(x, y) = x*y + 1", "at x = 2.0, y = -3.0", "value   -5.0", "df/dx   -3.0",
                "df/dy   2.0");
    }

    @Test
    void textOutputAlignsTheHessianColumns() {
        Run run = grad("x^3*y", "--at", "x=-1,y=10", "--hessian");
        assertThat(run.lines()).containsSubsequence("hessian, rows and columns x, y:", "   -60.0  3.0", "     3.0  0.0");
    }

    @Test
    void anExpressionWithoutVariablesHasAnEmptyGradient() throws Exception {
        JsonNode r = grad("2^10", "--hessian", "--json").json(0);
        assertThat(r.get("value").asDouble()).isEqualTo(1024.0);
        assertThat(r.get("grad").size()).isZero();
        assertThat(r.get("hessian").size()).isZero();
    }

    @Test
    void anExpressionMayStartWithAMinusSign() {
        Run run = grad("-x^2", "--at", "x=3", "--json");
        assertThat(run.out()).isEqualTo("{\"expr\":\"-x^2\",\"value\":-9.0,\"grad\":{\"x\":-6.0}}" + NL);
    }

    @Test
    void aSyntaxErrorExitsWithStatusTwoAndACaret() {
        Run run = grad("sin()", "--at", "x=1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("descent grad: unexpected ')' at column 5" + NL + "sin()" + NL + "    ^" + NL);
    }

    @Test
    void anUnknownFunctionIsNamed() {
        Run run = grad("2*foo(x)", "--at", "x=1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("descent grad: unknown function 'foo' at column 3; known: exp, log,");
    }

    @Test
    void aVariableMissingFromAtIsNamed() {
        Run run = grad("x*y", "--at", "x=1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("descent grad: no value for variable 'y'; give it one with --at y=VALUE" + NL);
        assertThat(grad("x*y*z").err()).contains("no values for variables 'x', 'y', 'z'; give them with --at x=VALUE,y=VALUE,z=VALUE");
    }

    @Test
    void aMalformedAtIsNamed() {
        assertThat(grad("x", "--at", "x=abc").err())
                .isEqualTo("descent grad: --at x=abc: the value of x, 'abc', is not a number" + NL);
        assertThat(grad("x", "--at", "x").err()).isEqualTo("descent grad: --at x: 'x' is not NAME=VALUE; write --at x=1.5,y=-2" + NL);
        assertThat(grad("x", "--at", "x=1,x=2").err()).isEqualTo("descent grad: --at: x is given more than once" + NL);
        assertThat(grad("x", "--at", "2x=1").status()).isEqualTo(2);
        assertThat(grad("x", "--at", "x=0x10").status()).isEqualTo(2);
    }

    @Test
    void atAcceptsSignsExponentsAndSpecialValuesAndMayBeRepeated() throws Exception {
        JsonNode r = grad("x+y+z+w", "--at", "x=+1.5e1, y=-.5", "--at", "z=NaN,w=-Infinity", "--json").json(0);
        assertThat(r.get("value").asText()).isEqualTo("NaN");
        assertThat(grad("x+y", "--at", "x=+1.5e1, y=-.5", "--json").json(0).get("value").asDouble()).isEqualTo(14.5);
    }

    @Test
    void standardInputGivesOneJsonLinePerExpression() throws Exception {
        Run run = gradWithInput("x*y\nexp(x)/y\n", "-", "--at", "x=1,y=2", "--json");
        assertThat(run.status()).isEqualTo(0);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.json(0).get("grad").get("x").asDouble()).isEqualTo(2.0);
        assertThat(run.json(1).get("grad").get("y").asDouble()).isEqualTo(-Math.exp(1) / 4);
    }

    @Test
    void aBadLineOnStandardInputIsReportedAndTheOthersStillRun() throws Exception {
        Run run = gradWithInput("x*y\n\n  sin(x\r\nz\nlog(x)\n", "-", "--at", "x=1,y=2", "--json");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.lines()).hasSize(4);
        assertThat(run.json(0).get("value").asDouble()).isEqualTo(2.0);
        assertThat(run.lines().get(1))
                .isEqualTo("{\"expr\":\"sin(x\",\"error\":\"missing ')' at column 6 to close the '(' at column 4\",\"column\":6}");
        assertThat(run.json(2).get("error").asText()).isEqualTo("no value for variable 'z'; give it one with --at z=VALUE");
        assertThat(run.json(3).get("value").asDouble()).isEqualTo(0.0);
        assertThat(run.err()).isEqualTo("descent grad: 2 of 4 expressions failed" + NL);
    }

    @Test
    void aBadLineInTextModeGoesToStandardErrorWithItsLineNumber() {
        Run run = gradWithInput("x\n(x\nx^2\n", "-", "--at", "x=3");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.lines()).containsExactly("f(x) = x", "at x = 3.0", "value   3.0", "df/dx   1.0", "",
                "f(x) = x^2", "at x = 3.0", "value   9.0", "df/dx   6.0");
        assertThat(run.err()).isEqualTo("descent grad: line 2: missing ')' at column 3 to close the '(' at column 1" + NL
                + "(x" + NL + "  ^" + NL + "descent grad: 1 of 3 expressions failed" + NL);
    }

    @Test
    void blankStandardInputIsNotAnError() {
        Run run = gradWithInput("\n  \n", "-", "--json");
        assertThat(run.status()).isEqualTo(0);
        assertThat(run.out()).isEmpty();
    }
}
