package dev.descent.playground;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The playground's web server: the page and its charts from the class path, and JSON endpoints that
 * run the library (the same {@link dev.descent.optim.Minimizer}, optimizers and
 * {@link dev.descent.train.Trainer} as the command line). It reads and writes no files.
 *
 * <pre>{@code
 * try (Playground p = Playground.start("127.0.0.1", 0)) {   // 0: any free port
 *     System.out.println(p.uri());                          // http://127.0.0.1:PORT/
 *     p.awaitClose();
 * }
 * }</pre>
 */
public final class Playground implements AutoCloseable {
    /** Requests handled at once; trainings hold one each and are capped lower (see {@link NetworkTraining}). */
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final NetworkTraining trainings;
    private final Object closed = new Object();
    private boolean isClosed;

    private Playground(HttpServer server, ExecutorService executor, NetworkTraining trainings) {
        this.server = server;
        this.executor = executor;
        this.trainings = trainings;
    }

    /**
     * Starts a server on {@code host} and {@code port} (0 picks a free port).
     *
     * @throws IOException if the address cannot be bound (in use, or not this machine's)
     */
    public static Playground start(String host, int port) throws IOException {
        // A client that sends its request slowly (or never finishes it) is dropped after this many
        // seconds rather than holding a thread; the JDK reads the setting once, when its server starts.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        HttpServer server = HttpServer.create(address, 0);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "playground-http");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        NetworkTraining trainings = new NetworkTraining();
        SameOrigin sameOrigin = new SameOrigin(address.getAddress() != null && address.getAddress().isLoopbackAddress());
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/", new StaticFiles());
        routes.put("/api/info", Endpoint.get(Info::answer));
        routes.put("/api/one-variable", Endpoint.post(OneVariable::answer));
        routes.put("/api/two-variables", Endpoint.post(TwoVariables::answer));
        routes.put("/api/boston", Endpoint.post(BostonRegression::answer));
        routes.put("/api/network", trainings);
        routes.forEach((path, handler) -> server.createContext(path, handler).getFilters().add(sameOrigin));
        server.setExecutor(executor);
        server.start();
        return new Playground(server, executor, trainings);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** How many networks are training now. */
    public int activeTrainings() {
        return trainings.active();
    }

    /** Waits until {@link #close()} is called (by another thread, or a shutdown hook). */
    public void awaitClose() throws InterruptedException {
        synchronized (closed) {
            while (!isClosed) {
                closed.wait();
            }
        }
    }

    /** Stops every training and the server; a second call does nothing. */
    @Override
    public void close() {
        synchronized (closed) {
            if (isClosed) {
                return;
            }
        }
        trainings.stopAll();
        server.stop(0);
        executor.shutdownNow();
        synchronized (closed) {
            isClosed = true;
            closed.notifyAll();
        }
    }
}
