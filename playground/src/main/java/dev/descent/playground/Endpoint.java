package dev.descent.playground;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * A JSON endpoint: reads the request (a JSON body of at most 64 KiB for POST, the query string for
 * GET), calls the library through {@code answer} and writes its JSON. A refused request is a 4xx
 * with {@code {"error": "..."}}; an internal error is a 500 with one line, never a stack trace.
 */
final class Endpoint implements HttpHandler {
    static final int MAX_BODY = 64 * 1024;

    private final String method;
    private final Function<Request, ObjectNode> answer;

    private Endpoint(String method, Function<Request, ObjectNode> answer) {
        this.method = method;
        this.answer = answer;
    }

    static Endpoint get(Function<Request, ObjectNode> answer) {
        return new Endpoint("GET", answer);
    }

    static Endpoint post(Function<Request, ObjectNode> answer) {
        return new Endpoint("POST", answer);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode body;
            int status = 200;
            try {
                body = answer.apply(read(exchange));
            } catch (BadRequest e) {
                status = e.status();
                body = error(e.getMessage());
            } catch (IllegalArgumentException e) {
                status = 400;
                body = error(e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                status = 500;
                body = error("internal error: " + e);
            }
            send(exchange, status, body);
        }
    }

    private Request read(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(exchange.getHttpContext().getPath())) {
            throw new BadRequest(404, "no such page: " + path);
        }
        String m = exchange.getRequestMethod();
        if (!m.equals(method) && !(method.equals("GET") && m.equals("HEAD"))) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new BadRequest(405, "use " + method + " for " + exchange.getRequestURI().getPath());
        }
        if (method.equals("GET")) {
            return Request.ofQuery(exchange.getRequestURI().getRawQuery());
        }
        byte[] bytes = readAtMost(exchange.getRequestBody(), MAX_BODY);
        try {
            return new Request(Json.MAPPER.readTree(bytes));
        } catch (JacksonException e) {
            throw new BadRequest("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new BadRequest(413, "the request body is larger than " + limit / 1024 + " KiB");
        }
        return bytes;
    }

    static ObjectNode error(String message) {
        return Json.object().put("error", message == null ? "bad request" : message);
    }

    static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
