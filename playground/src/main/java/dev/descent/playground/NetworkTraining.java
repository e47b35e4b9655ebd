package dev.descent.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.descent.InvalidSettingException;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.nn.Architecture;
import dev.descent.nn.Module;
import dev.descent.optim.DivergenceException;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.DataParallel;
import dev.descent.train.EpochReport;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Fitting;
import dev.descent.train.LossFunction;
import dev.descent.train.Metric;
import dev.descent.train.TrainingListener;
import dev.descent.train.TrainingStoppedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Panel 4: a small network learning a generated 2-D set, streamed to the page as Server-Sent Events
 * while {@link Fitting#fit} trains it exactly as {@code descent fit --data NAME} does. Each browser
 * tab has at most one training (a new one stops its old one), at most {@value #MAX_TRAININGS} run at
 * once, and a training stops when its page goes away (its next event cannot be written). Every
 * epoch's loss and accuracy are sent, and the decision regions about ten times a second.
 */
final class NetworkTraining implements HttpHandler {
    static final int MAX_TRAININGS = 4;
    static final int MAX_EPOCHS = 2_000;
    static final int MAX_LAYERS = 4;
    static final int MAX_WIDTH = 64;
    static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam", "rmsprop");
    static final List<String> ACTIVATIONS = List.of("tanh", "relu", "sigmoid");
    /** The decision regions: an n × n grid over the view. */
    static final int GRID = 50;
    static final double VIEW = 1.6;
    private static final Pattern TAB = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /**
     * A run lasts at least this long, so that a learner can watch the regions move: a small network
     * would otherwise learn XOR before the page has drawn it twice.
     */
    static final long PACE_NANOS = 3_000_000_000L;
    /** Decision regions are sent at most this often (and at the end): each is a forward pass over the grid. */
    private static final long GRID_EVERY_NANOS = 100_000_000L;

    private final Map<String, Job> byTab = new ConcurrentHashMap<>();

    int active() {
        return byTab.size();
    }

    void stopAll() {
        byTab.values().forEach(Job::stop);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(exchange.getHttpContext().getPath())) {
                Endpoint.send(exchange, 404, Endpoint.error("no such page: " + path));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Endpoint.send(exchange, 405, Endpoint.error("use GET for /api/network (an EventSource)"));
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                Events events = new Events(out);
                Settings settings;
                try {
                    settings = Settings.of(Request.ofQuery(exchange.getRequestURI().getRawQuery()));
                } catch (BadRequest | IllegalArgumentException e) {
                    events.send("failure", Endpoint.error(e.getMessage()));
                    return;
                }
                run(settings, events);
            }
        }
    }

    private void run(Settings settings, Events events) throws IOException {
        Job job = new Job(events);
        Job old;
        synchronized (byTab) {
            old = byTab.get(settings.tab);
            if (old == null && byTab.size() >= MAX_TRAININGS) {
                events.send("failure", Endpoint.error("too many trainings at once (at most " + MAX_TRAININGS
                        + "); stop one in another tab"));
                return;
            }
            byTab.put(settings.tab, job);
        }
        if (old != null) {
            old.stop();
        }
        try {
            job.train(settings);
        } finally {
            byTab.remove(settings.tab, job);
        }
    }

    /** What the page asked for: a data set by name and the network and optimizer to train on it. */
    record Settings(String tab, String dataset, List<Integer> hidden, String activation, String optimizer, double lr,
                    int epochs, long seed) {
        static Settings of(Request r) {
            String tab = r.text("tab", 64);
            if (!TAB.matcher(tab).matches()) {
                throw new BadRequest("tab: expected letters, digits and dashes");
            }
            String dataset = r.choice("dataset", Datasets.syntheticNames(), "xor");
            List<Integer> hidden = new ArrayList<>();
            String widths = r.has("hidden") ? r.text("hidden", 100).strip() : "16,16";
            if (!widths.isEmpty()) {
                for (String w : widths.split(",", -1)) {
                    int width;
                    try {
                        width = Integer.parseInt(w.strip());
                    } catch (NumberFormatException e) {
                        throw new BadRequest("hidden: '" + w.strip() + "' is not a layer width; write widths such as 8,8");
                    }
                    if (width < 1 || width > MAX_WIDTH) {
                        throw new BadRequest("hidden: a layer of " + width + " units; widths go from 1 to " + MAX_WIDTH);
                    }
                    hidden.add(width);
                }
            }
            if (hidden.size() > MAX_LAYERS) {
                throw new BadRequest("hidden: " + hidden.size() + " layers; at most " + MAX_LAYERS);
            }
            return new Settings(tab, dataset, hidden, r.choice("activation", ACTIVATIONS, "relu"),
                    r.choice("optimizer", OPTIMIZERS, "adam"), r.number("lr", 1e-6, 10, 0.03),
                    r.integer("epochs", 1, MAX_EPOCHS, 1000), r.integer("seed", 0, Integer.MAX_VALUE, 0));
        }

        String model() {
            return hidden.isEmpty() ? "linear"
                    : "mlp:" + String.join(",", hidden.stream().map(String::valueOf).toList());
        }

        FitConfig config() {
            return FitConfig.of("class", model(), LossFunction.CROSS_ENTROPY,
                            OptimizerSpec.of(optimizer).withLearningRate(lr), epochs)
                    .withActivation(Architecture.Activation.parse(activation), 0).withSeed(seed);
        }

        String cli() {
            return "descent fit --data " + dataset + " --model " + model() + " --activation " + activation
                    + " --optimizer " + optimizer + " --lr " + Json.format(lr) + " --epochs " + epochs + " --seed " + seed;
        }

        String java() {
            return "var data = Datasets.load(\"" + dataset + "\");   // " + Datasets.SYNTHETIC_POINTS + " points, x1 and x2\n"
                    + "var config = FitConfig.of(\"class\", \"" + model() + "\", LossFunction.CROSS_ENTROPY,\n"
                    + "        OptimizerSpec.of(\"" + optimizer + "\").withLearningRate(" + Json.format(lr) + "), " + epochs
                    + ")\n"
                    + "    .withActivation(Architecture.Activation." + activation.toUpperCase(Locale.ROOT)
                    + ", 0).withSeed(" + seed + ");\n"
                    + "var result = Fitting.fit(config, data.features(), data.target(), data.classNames(),"
                    + " Fitting.Hooks.NONE);\n"
                    + "System.out.println(result.trainScores().get(Metric.ACCURACY));";
        }
    }

    /** One training and the page it streams to. */
    private static final class Job {
        private final Events events;
        private volatile boolean stopped;
        private Module model;
        private long lastGridSent;

        Job(Events events) {
            this.events = events;
        }

        void stop() {
            stopped = true;
        }

        void train(Settings s) throws IOException {
            Dataset data = Datasets.load(s.dataset);
            ObjectNode points = Json.object();
            ArrayNode xy = points.putArray("x");
            double[] features = data.features().toArray();
            for (int i = 0; i < data.size(); i++) {
                xy.addArray().add(features[2 * i]).add(features[2 * i + 1]);
            }
            ArrayNode labels = points.putArray("y");
            for (double label : data.target().toArray()) {
                labels.add((int) label);
            }
            points.put("classes", data.classNames().size());
            points.putObject("view").put("xmin", -VIEW).put("xmax", VIEW).put("ymin", -VIEW).put("ymax", VIEW);
            points.put("java", s.java());
            points.put("cli", s.cli());
            events.send("points", points);

            TrainingListener stream = new TrainingListener() {
                private long started;

                @Override
                public void trainStart(Module m) {
                    model = m;
                    started = System.nanoTime();
                }

                @Override
                public void epochEnd(EpochReport report) {
                    ObjectNode o = epoch(report.epoch(), report.epochs(), report.train(Metric.LOSS),
                            report.train(Metric.ACCURACY));
                    long now = System.nanoTime();
                    if (now - lastGridSent >= GRID_EVERY_NANOS) {
                        lastGridSent = now;
                        o.set("grid", grid(model));
                    }
                    sendOrStop("epoch", o);
                    pace(started + PACE_NANOS * report.epoch() / report.epochs());
                }

                @Override
                public boolean shouldStop() {
                    return stopped;
                }
            };
            FitResult result;
            try {
                result = Fitting.fit(s.config(), data.features(), data.target(), data.classNames(),
                        new Fitting.Hooks(List.of(stream), null, 1, null, DataParallel.Placement.LOCAL));
            } catch (TrainingStoppedException e) {
                if (!events.broken) {
                    events.send("failure", Endpoint.error("stopped"));
                }
                return;
            } catch (DivergenceException | InvalidSettingException e) {
                events.send("failure", Endpoint.error(e.getMessage()));
                return;
            }
            // The final scores are the trained model's on all the points, as descent fit prints them.
            ObjectNode done = epoch(s.epochs, s.epochs, result.trainScores().get(Metric.LOSS),
                    result.trainScores().get(Metric.ACCURACY));
            done.set("grid", grid(result.model()));
            events.send("done", done);
        }

        /** Waits until {@code due} (a {@link System#nanoTime()}), unless the run is stopped. */
        private void pace(long due) {
            long wait = due - System.nanoTime();
            if (wait > 0 && !stopped) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    stopped = true;
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void sendOrStop(String event, ObjectNode data) {
            try {
                events.send(event, data);
            } catch (IOException e) {
                stopped = true; // the page has gone: shouldStop ends the run after this step
            }
        }

        private static ObjectNode epoch(int epoch, int epochs, double loss, double accuracy) {
            ObjectNode o = Json.object().put("epoch", epoch).put("epochs", epochs);
            Json.put(o, "loss", loss);
            Json.put(o, "accuracy", accuracy);
            return o;
        }
    }

    /** The grid's points (x, y), row by row from the view's bottom: the same for every drawing. */
    private static final double[] GRID_POINTS = new double[GRID * GRID * 2];

    static {
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                GRID_POINTS[2 * (r * GRID + c)] = -VIEW + 2 * VIEW * c / (GRID - 1);
                GRID_POINTS[2 * (r * GRID + c) + 1] = -VIEW + 2 * VIEW * r / (GRID - 1);
            }
        }
    }

    /** What the model predicts over the view: the class and its probability at each grid point. */
    static ObjectNode grid(Module model) {
        double[] logits;
        Scope s = NoGrad.scope();
        try (s) {
            Tensor out = model.forward(Tensor.of(GRID_POINTS, Shape.of(GRID * GRID, 2)));
            logits = out.toArray();
        }
        int k = logits.length / (GRID * GRID);
        ObjectNode g = Json.object().put("n", GRID);
        ArrayNode classes = g.putArray("classes");
        ArrayNode confidence = g.putArray("confidence");
        for (int i = 0; i < GRID * GRID; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (logits[i * k + j] > logits[i * k + best]) {
                    best = j;
                }
            }
            double sum = 0; // softmax's largest probability, computed stably from the largest logit
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[i * k + j] - logits[i * k + best]);
            }
            classes.add(best);
            confidence.add(Math.round(1000 / sum) / 1000.0);
        }
        return g;
    }

    /** Server-Sent Events on one response: {@code event: NAME}, {@code data: JSON}, a blank line. */
    private static final class Events {
        private final OutputStream out;
        boolean broken;

        Events(OutputStream out) {
            this.out = out;
        }

        synchronized void send(String event, ObjectNode data) throws IOException {
            if (broken) {
                throw new IOException("the page has gone");
            }
            byte[] bytes = ("event: " + event + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }
}
