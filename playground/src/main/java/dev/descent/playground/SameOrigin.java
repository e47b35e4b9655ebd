package dev.descent.playground;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Answers only the playground's own page. A server on this machine only must be asked for by a
 * loopback name ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}), which a DNS-rebinding site
 * cannot give; and a request that says where it comes from ({@code Origin}) must come from the page
 * itself, so another web site open in the browser cannot start trainings here.
 */
final class SameOrigin extends Filter {
    private final boolean loopbackOnly;

    SameOrigin(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (host == null || (loopbackOnly && !isLoopback(host))) {
            refuse(exchange, "this playground answers to 127.0.0.1 or localhost only, not to Host " + host);
        } else if (origin != null && !origin.equals("http://" + host)) {
            refuse(exchange, "requests from other sites are refused (Origin " + origin + ")");
        } else {
            chain.doFilter(exchange);
        }
    }

    @Override
    public String description() {
        return "requests from the playground's own page only";
    }

    private static void refuse(HttpExchange exchange, String message) throws IOException {
        try (exchange) {
            Endpoint.send(exchange, 403, Endpoint.error(message));
        }
    }

    /** Whether a Host header ({@code name[:port]}) names this machine by a literal loopback name. */
    static boolean isLoopback(String host) {
        String name;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            name = end < 0 ? host : host.substring(1, end);
        } else {
            int colon = host.lastIndexOf(':');
            name = colon < 0 ? host : host.substring(0, colon);
        }
        return name.equalsIgnoreCase("localhost") || name.equals("::1") || name.matches("127(\\.\\d{1,3}){3}");
    }
}
