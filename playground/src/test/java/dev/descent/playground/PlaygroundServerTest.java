package dev.descent.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.expr.Expression;
import dev.descent.optim.Minimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's endpoints over HTTP: answers that are the library's, bad input refused in one line, many clients. */
class PlaygroundServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Playground playground;

    @BeforeAll
    static void start() throws IOException {
        playground = Playground.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        playground.close();
    }

    @Test
    void servesThePageAndTheVendoredChartsFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("Descent playground");
        for (String file : List.of("/vendor/uplot/uPlot.iife.min.js", "/vendor/uplot/uPlot.min.css",
                "/vendor/uplot/LICENSE", "/vendor/d3-contour/d3-contour.min.js", "/vendor/d3-array/d3-array.min.js",
                "/vendor/d3-contour/LICENSE")) {
            assertThat(get(file).statusCode()).as(file).isEqualTo(200);
        }
        assertThat(get("/vendor/uplot/LICENSE").body()).contains("MIT");
    }

    @Test
    void servesNothingOutsideItsFolders() throws Exception {
        for (String path : List.of("/nothing.html", "/vendor/uplot/../../pom.xml", "/vendor/jquery/x.js",
                "/dev/descent/playground/Playground.class", "/.hidden", "/vendor/uplot/package.json/x")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("no such page");
        }
        assertThat(StaticFiles.resource("/../../etc/passwd")).isNull();
        assertThat(StaticFiles.resource("/vendor/uplot/..")).isNull();
    }

    @Test
    void oneVariableStepsAreTheMinimizersOwn() throws Exception {
        JsonNode a = post("/api/one-variable", "{\"expr\":\"x^4 - 3*x^2 + x\",\"start\":2.5,\"lr\":0.01,\"epochs\":40}");
        Expression f = Expression.parse("x^4 - 3*x^2 + x");
        List<Minimizer.Step> steps = new ArrayList<>();
        Minimizer.Result r = Minimizer.autograd(vs -> f.evaluate(Map.of("x", vs.get(0))), new double[] {2.5},
                Minimizer.Options.of(0.01, 40).withStepListener(steps::add));
        JsonNode shown = a.get("steps");
        assertThat(shown).hasSize(40);
        for (int k = 0; k < 40; k++) {
            assertThat(shown.get(k).get("x").asDouble()).isEqualTo(steps.get(k).x()[0]);
            assertThat(shown.get(k).get("derivative").asDouble()).isEqualTo(steps.get(k).gradient()[0]);
        }
        assertThat(shown.get(39).get("next").asDouble()).isEqualTo(r.minimizer()[0]);
        assertThat(shown.get(0).get("note").asText()).isEqualTo("derivative positive: the minimum is to the left,"
                + " so x decreases");
        assertThat(a.get("compare")).hasSize(2); // autograd and numeric: no hand-written derivative given
        assertThat(a.get("maxDifference").asDouble()).isLessThan(1e-6);
        assertThat(a.get("graph").get("xs")).hasSize(OneVariable.GRAPH_POINTS);
        assertThat(a.get("cli").asText()).isEqualTo("descent minimize \"x^4 - 3*x^2 + x\" --start x=2.5 --lr 0.01"
                + " --epochs 40 --trace --compare");
    }

    @Test
    void aHandWrittenDerivativeDrivesTheStepsAndIsCompared() throws Exception {
        JsonNode a = post("/api/one-variable", "{\"expr\":\"2*x^2\",\"derivative\":\"4*x\",\"start\":3,\"lr\":0.1,"
                + "\"epochs\":100}");
        assertThat(a.get("compare").findValuesAsText("source")).containsExactly("manual", "autograd", "numeric");
        assertThat(a.get("verdict").get("kind").asText()).isEqualTo("converged");
        assertThat(a.get("steps").get(0).get("next").asDouble()).isEqualTo(3 - 0.1 * 12);
    }

    @Test
    void tooLargeALearningRateIsCalledWhatItIs() throws Exception {
        JsonNode oscillating = post("/api/one-variable", "{\"expr\":\"2*x^2\",\"start\":3,\"lr\":0.4,\"epochs\":30}");
        assertThat(oscillating.get("verdict").get("kind").asText()).isEqualTo("oscillating");
        assertThat(oscillating.get("verdict").get("message").asText()).startsWith("Oscillating: each step jumps over");
        JsonNode diverged = post("/api/one-variable", "{\"expr\":\"2*x^2\",\"start\":3,\"lr\":0.6,\"epochs\":30}");
        assertThat(diverged.get("verdict").get("kind").asText()).isEqualTo("diverged");
        assertThat(diverged.get("verdict").get("epoch").asInt()).isBetween(1, 5);
        assertThat(diverged.get("verdict").get("message").asText()).startsWith("Diverged: with learning rate 0.6");
    }

    @Test
    void theVerdictReadsTheStepsNotTheWayTheRunStopped() throws Exception {
        JsonNode atMinimum = post("/api/one-variable", "{\"expr\":\"(x - 3)^2 + 1\",\"start\":3,\"lr\":0.1}");
        assertThat(atMinimum.get("verdict").get("kind").asText()).isEqualTo("converged");
        JsonNode edge = post("/api/one-variable", "{\"expr\":\"2*x^2\",\"start\":3,\"lr\":0.5,\"epochs\":20}");
        assertThat(edge.get("verdict").get("message").asText()).startsWith("Bouncing: each step jumps over the minimum");
        JsonNode outside = post("/api/one-variable", "{\"expr\":\"log(x)\",\"start\":-1,\"lr\":0.1}");
        assertThat(outside.get("steps")).isEmpty();
        assertThat(outside.get("verdict").get("epoch").asInt()).isZero();
        assertThat(outside.get("verdict").get("message").asText())
                .isEqualTo("f is not defined at the start x = -1 (f(x) = NaN): start inside its domain.");
        JsonNode leaves = post("/api/one-variable", "{\"expr\":\"log(x)\",\"start\":1,\"lr\":0.5,\"epochs\":50}");
        assertThat(leaves.get("verdict").get("kind").asText()).isEqualTo("undefined");
        assertThat(leaves.get("verdict").get("message").asText()).startsWith("Left f's domain: step ");
        JsonNode constant = post("/api/one-variable", "{\"expr\":\"3*x + 1\",\"derivative\":\"3\",\"start\":0,"
                + "\"lr\":0.1,\"epochs\":3}");
        assertThat(constant.get("steps").get(2).get("next").asDouble()).isEqualTo(0 - 0.1 * 3 - 0.1 * 3 - 0.1 * 3);
    }

    @Test
    void onlyThePagesOwnRequestsAreAnswered() throws Exception {
        assertThat(get("/api/infox").statusCode()).isEqualTo(404);
        assertThat(postRaw("/api/bostonx", "{\"lr\":0.1}").statusCode()).isEqualTo(404);
        // a page from another site that reached this server by DNS rebinding names its own host
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), playground.uri().getPort())) {
            s.getOutputStream().write(("GET /api/info HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        }
        HttpResponse<String> crossSite = HTTP.send(HttpRequest.newBuilder(playground.uri().resolve("api/boston"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{\"lr\":0.1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(crossSite.body()).get("error").asText())
                .isEqualTo("requests from other sites are refused (Origin http://evil.example)");
        String self = "http://" + playground.uri().getAuthority();
        assertThat(HTTP.send(HttpRequest.newBuilder(playground.uri().resolve("api/info")).header("Origin", self)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(SameOrigin.isLoopback("localhost:8080")).isTrue();
        assertThat(SameOrigin.isLoopback("[::1]:8080")).isTrue();
        assertThat(SameOrigin.isLoopback("127.0.0.1")).isTrue();
        assertThat(SameOrigin.isLoopback("127.0.0.1.evil.example:80")).isFalse();
    }

    @Test
    void twoVariablesPlainSgdFollowsGradientDescent() throws Exception {
        JsonNode a = post("/api/two-variables", "{\"expr\":\"x^2 + 10*y^2\",\"start\":[-4,2],\"lr\":0.05,"
                + "\"epochs\":50,\"grid\":20}");
        assertThat(a.get("grid").get("values")).hasSize(400);
        assertThat(a.get("paths").findValuesAsText("optimizer")).containsExactly("sgd", "momentum", "adam", "rmsprop");
        Expression f = Expression.parse("x^2 + 10*y^2");
        Minimizer.Result gd = Minimizer.autograd(vs -> f.evaluate(Map.of("x", vs.get(0), "y", vs.get(1))),
                new double[] {-4, 2}, Minimizer.Options.of(0.05, 50));
        JsonNode sgd = a.get("paths").get(0);
        assertThat(sgd.get("points")).hasSize(51);
        assertThat(sgd.get("final").get("x").asDouble()).isCloseTo(gd.minimizer()[0], offset(1e-15));
        assertThat(sgd.get("final").get("y").asDouble()).isCloseTo(gd.minimizer()[1], offset(1e-15));
        // the grid's corner (xmin, ymin) is f(-5, -5)
        assertThat(a.get("grid").get("values").get(0).asDouble()).isEqualTo(25 + 250);
    }

    @Test
    void aDivergingPathStopsAndSaysSo() throws Exception {
        JsonNode a = post("/api/two-variables", "{\"expr\":\"x^2 + 10*y^2\",\"start\":[-4,2],\"lr\":0.5,"
                + "\"epochs\":500,\"optimizers\":[\"sgd\"]}");
        JsonNode sgd = a.get("paths").get(0);
        assertThat(sgd.get("verdict").asText()).startsWith("diverged");
        assertThat(sgd.get("points").size()).isLessThan(501);
    }

    @Test
    void bostonGradientDescentReachesTheClosedFormAndDivergesUnscaled() throws Exception {
        JsonNode a = post("/api/boston", "{\"lr\":0.1,\"epochs\":1000,\"standardize\":true}");
        assertThat(a.get("loss")).hasSize(1000);
        double last = a.get("loss").get(999).asDouble();
        assertThat(last).isCloseTo(a.get("closedForm").asDouble(), within(1e-6));
        assertThat(a.get("diverged").isNull()).isTrue();
        JsonNode raw = post("/api/boston", "{\"lr\":0.1,\"epochs\":1000,\"standardize\":false}");
        assertThat(raw.get("diverged").get("epoch").asInt()).isLessThan(10);
        // the curve ends with the loss that gave the divergence away
        JsonNode rawLoss = raw.get("loss");
        assertThat(rawLoss.get(rawLoss.size() - 1).asDouble()).isGreaterThan(1e6 * rawLoss.get(0).asDouble());
        assertThat(raw.get("message").asText()).contains("Diverged").contains("standardise");
        assertThat(raw.get("cli").asText()).endsWith("--no-standardize");
    }

    @Test
    void badRequestsGetOneLineAndAStatus() throws Exception {
        assertError(postRaw("/api/one-variable", "{not json"), 400, "the request body is not JSON");
        assertError(postRaw("/api/one-variable", "[1,2]"), 400, "the request body must be a JSON object");
        assertError(postRaw("/api/one-variable", "{\"start\":1,\"lr\":0.1}"), 400, "expr: missing");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"2*x^\",\"start\":1,\"lr\":0.1}"), 400, "expr: ");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"x*y\",\"start\":1,\"lr\":0.1}"), 400,
                "expr: 'x*y' has the variables x, y; this panel needs one");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"x^2\",\"start\":1,\"lr\":0.1,\"epochs\":1000000}"),
                400, "epochs: 1000000 is outside [1, 10000]");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"x^2\",\"start\":\"abc\",\"lr\":0.1}"), 400,
                "start: 'abc' is not a number");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"x^2\",\"start\":1,\"lr\":-1}"), 400, "lr: -1 is outside [1e-9, 100]");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"x^2\",\"start\":1,\"lr\":0.1} trailing"), 400,
                "the request body is not JSON");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"x^2\",\"start\":\"1d\",\"lr\":0.1}"), 400,
                "start: '1d' is not a number");
        assertError(postRaw("/api/two-variables", "{\"expr\":\"log(-x^2 - y^2 - 1)\",\"start\":[1,1],\"lr\":0.1}"),
                400, "expr: 'log(-x^2 - y^2 - 1)' is not defined (or infinite) everywhere in this view");
        assertError(postRaw("/api/one-variable", "{\"expr\":\"" + "(".repeat(300) + "x" + ")".repeat(300)
                + "\",\"start\":1,\"lr\":0.1}"), 400, "expr: 601 characters; at most 500");
        assertError(postRaw("/api/two-variables", "{\"expr\":\"x^2+y^2\",\"start\":[1],\"lr\":0.1}"), 400,
                "start: expected an array of 2 numbers");
        assertError(postRaw("/api/two-variables", "{\"expr\":\"x^2+y^2\",\"start\":[1,1],\"lr\":0.1,"
                + "\"optimizers\":[\"lbfgs\"]}"), 400, "optimizers: 'lbfgs' is not one of sgd, momentum, adam, rmsprop");
        assertError(postRaw("/api/boston", "{\"lr\":0.1,\"standardize\":\"yes\"}"), 400,
                "standardize: expected true or false");
        assertError(postRaw("/api/boston", "{\"lr\":0.1,\"pad\":\"" + "x".repeat(70_000) + "\"}"), 413,
                "the request body is larger than 64 KiB");
        assertError(get("/api/boston"), 405, "use POST for /api/boston");
    }

    @Test
    void manyClientsAtOnceGetTheSameAnswers() throws Exception {
        String body = "{\"expr\":\"x^2/10 + sin(x)\",\"start\":3,\"lr\":0.1,\"epochs\":200}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<String> call = () -> postRaw("/api/one-variable", body).body();
                answers.add(pool.submit(call));
            }
            String first = answers.get(0).get();
            for (Future<String> a : answers) {
                assertThat(a.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aNetworkLearnsXorAndStreamsItsProgress() throws Exception {
        List<String[]> events = stream("/api/network?tab=xor-test&dataset=xor&hidden=8,8&activation=tanh"
                + "&optimizer=adam&lr=0.03&epochs=300");
        assertThat(events.get(0)[0]).isEqualTo("points");
        JsonNode points = JSON.readTree(events.get(0)[1]);
        assertThat(points.get("x")).hasSize(200);
        assertThat(points.get("cli").asText()).isEqualTo("descent fit --data xor --model mlp:8,8 --activation tanh"
                + " --optimizer adam --lr 0.03 --epochs 300 --seed 0");
        assertThat(events.subList(1, events.size() - 1)).allMatch(e -> e[0].equals("epoch"));
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("done");
        JsonNode done = JSON.readTree(last[1]);
        assertThat(done.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(done.get("grid").get("classes")).hasSize(NetworkTraining.GRID * NetworkTraining.GRID);
        // the regions are XOR's: class 1 where the signs differ (corners of the grid)
        JsonNode classes = done.get("grid").get("classes");
        int n = NetworkTraining.GRID;
        assertThat(classes.get(0).asInt()).isZero();                 // (-, -)
        assertThat(classes.get(n - 1).asInt()).isEqualTo(1);         // (+, -)
        assertThat(classes.get(n * (n - 1)).asInt()).isEqualTo(1);   // (-, +)
        assertThat(classes.get(n * n - 1).asInt()).isZero();         // (+, +)
    }

    @Test
    void badNetworkSettingsAreAFailureEvent() throws Exception {
        List<String[]> events = stream("/api/network?tab=bad&dataset=moons");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)[0]).isEqualTo("failure");
        assertThat(JSON.readTree(events.get(0)[1]).get("error").asText())
                .isEqualTo("dataset: 'moons' is not one of spirals, circles, xor, clusters");
        assertThat(JSON.readTree(stream("/api/network?tab=bad&hidden=8,x").get(0)[1]).get("error").asText())
                .isEqualTo("hidden: 'x' is not a layer width; write widths such as 8,8");
        assertThat(JSON.readTree(stream("/api/network?tab=bad&hidden=1,2,3,4,5").get(0)[1]).get("error").asText())
                .isEqualTo("hidden: 5 layers; at most 4");
        assertThat(JSON.readTree(stream("/api/network?dataset=xor").get(0)[1]).get("error").asText())
                .isEqualTo("tab: missing");
    }

    @Test
    void aClosedPageStopsItsTraining() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), playground.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/network?tab=closing&dataset=spirals&hidden=64,64,64&epochs=2000 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("event: epoch")) {
                // read up to the first epoch: the training is running
            }
            assertThat(playground.activeTrainings()).isEqualTo(1);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (playground.activeTrainings() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(playground.activeTrainings()).isZero();
    }

    @Test
    void aNewTrainingFromTheSameTabStopsTheOldOne() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<String[]>> old = pool.submit(() -> stream("/api/network?tab=same&dataset=spirals"
                    + "&hidden=64,64,64&epochs=2000"));
            while (playground.activeTrainings() == 0) {
                Thread.sleep(10);
            }
            List<String[]> fresh = stream("/api/network?tab=same&dataset=xor&epochs=5");
            assertThat(fresh.get(fresh.size() - 1)[0]).isEqualTo("done");
            List<String[]> stopped = old.get();
            assertThat(stopped.get(stopped.size() - 1)[0]).isEqualTo("failure");
            assertThat(stopped.get(stopped.size() - 1)[1]).contains("stopped");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String start) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        String error = JSON.readTree(r.body()).get("error").asText();
        assertThat(error).startsWith(start).doesNotContain("\n").doesNotContain("at dev.descent");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(playground.uri().resolve(path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(playground.uri() + path.substring(1)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = postRaw(path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The events of a whole Server-Sent Events stream, as (name, data) pairs. */
    private static List<String[]> stream(String path) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(
                URI.create(playground.uri() + path.substring(1))).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        List<String[]> events = new ArrayList<>();
        String[] name = {null};
        r.body().forEach(line -> {
            if (line.startsWith("event: ")) {
                name[0] = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.add(new String[] {name[0], line.substring(6)});
            }
        });
        return events;
    }
}
