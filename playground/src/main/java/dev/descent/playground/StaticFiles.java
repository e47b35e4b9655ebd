package dev.descent.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page ({@code web/} beside this class) and the vendored charts (uPlot, d3-contour and
 * d3-array from their WebJars, under {@code /vendor/NAME/}), read from the class path: the page works
 * without network access. Only plain file names are served, so no request reaches outside those folders.
 */
final class StaticFiles implements HttpHandler {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon");
    private static final List<String> VENDORED = List.of("uplot", "d3-contour", "d3-array");
    /** Each WebJar's version, read once from the class path. */
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String m = exchange.getRequestMethod();
            if (!m.equals("GET") && !m.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Endpoint.send(exchange, 405, Endpoint.error("use GET for " + exchange.getRequestURI().getPath()));
                return;
            }
            String resource = resource(exchange.getRequestURI().getPath());
            InputStream in = resource == null ? null : StaticFiles.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                Endpoint.send(exchange, 404, Endpoint.error("no such page: " + exchange.getRequestURI().getPath()));
                return;
            }
            byte[] bytes;
            try (in) {
                bytes = in.readAllBytes();
            }
            String extension = resource.substring(resource.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "text/plain; charset=utf-8"));
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = m.equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The class-path resource for a request path, or null when there is none to serve. */
    static String resource(String path) {
        if (path.equals("/")) {
            return "dev/descent/playground/web/index.html";
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length == 1 && NAME.matcher(parts[0]).matches()) {
            return "dev/descent/playground/web/" + parts[0];
        }
        if (parts.length == 3 && parts[0].equals("vendor") && VENDORED.contains(parts[1])
                && NAME.matcher(parts[2]).matches()) {
            String version = VERSIONS.computeIfAbsent(parts[1], StaticFiles::webJarVersion);
            if (version == null) {
                return null;
            }
            String base = "META-INF/resources/webjars/" + parts[1] + "/" + version + "/";
            return parts[2].equals("LICENSE") ? base + "LICENSE" : base + "dist/" + parts[2];
        }
        return null;
    }

    /** The version of the WebJar on the class path, from the pom.properties every WebJar carries. */
    private static String webJarVersion(String name) {
        String file = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
