package dev.descent.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fields of one request (a JSON object, or a query string's parameters), read with their limits:
 * every getter names the field in the {@link BadRequest} it throws.
 */
final class Request {
    /** A decimal number as a query string gives it: {@code 0.03}, {@code -2}, {@code 1e-3}. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final JsonNode fields;

    Request(JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            throw new BadRequest("the request body must be a JSON object");
        }
        this.fields = fields;
    }

    /** The parameters of a query string such as {@code a=1&b=x%20y}; a repeated name keeps its last value. */
    static Request ofQuery(String query) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                o.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new Request(o);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not valid URL encoding: " + e.getMessage());
        }
    }

    boolean has(String name) {
        JsonNode n = fields.get(name);
        return n != null && !n.isNull() && !(n.isTextual() && n.asText().isBlank());
    }

    /** A text field of at most {@code maxLength} characters. */
    String text(String name, int maxLength) {
        JsonNode n = required(name);
        if (!n.isTextual()) {
            throw new BadRequest(name + ": expected text, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String s = n.asText();
        if (s.length() > maxLength) {
            throw new BadRequest(name + ": " + s.length() + " characters; at most " + maxLength + " are allowed");
        }
        return s;
    }

    /** A text field that must be one of {@code choices}. */
    String choice(String name, List<String> choices, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        String s = text(name, 40);
        if (!choices.contains(s)) {
            throw new BadRequest(name + ": '" + s + "' is not one of " + String.join(", ", choices));
        }
        return s;
    }

    /** A finite number in [min, max], or {@code fallback} when absent. */
    double number(String name, double min, double max, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        return number(name, fields.get(name), min, max);
    }

    /** A finite number in [min, max] that must be given. */
    double number(String name, double min, double max) {
        return number(name, required(name), min, max);
    }

    private static double number(String name, JsonNode n, double min, double max) {
        double v;
        if (n.isNumber()) {
            v = n.asDouble();
        } else if (n.isTextual() && NUMBER.matcher(n.asText().strip()).matches()) {
            v = Double.parseDouble(n.asText().strip());
        } else if (n.isTextual()) {
            throw new BadRequest(name + ": '" + n.asText() + "' is not a number");
        } else {
            throw new BadRequest(name + ": expected a number");
        }
        if (!Double.isFinite(v)) {
            throw new BadRequest(name + ": " + v + " is not a finite number");
        }
        if (v < min || v > max) {
            throw new BadRequest(name + ": " + Json.format(v) + " is outside [" + Json.format(min) + ", "
                    + Json.format(max) + "]");
        }
        return v;
    }

    /** A whole number in [min, max], or {@code fallback} when absent. */
    int integer(String name, int min, int max, int fallback) {
        if (!has(name)) {
            return fallback;
        }
        double v = number(name, fields.get(name), min, max);
        if (v != Math.rint(v)) {
            throw new BadRequest(name + ": " + Json.format(v) + " is not a whole number");
        }
        return (int) v;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode n = fields.get(name);
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
            return Boolean.parseBoolean(n.asText());
        }
        throw new BadRequest(name + ": expected true or false");
    }

    /** An array of exactly {@code size} finite numbers. */
    double[] numbers(String name, int size, double min, double max) {
        JsonNode n = required(name);
        if (!n.isArray() || n.size() != size) {
            throw new BadRequest(name + ": expected an array of " + size + " numbers");
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = number(name + "[" + i + "]", n.get(i), min, max);
        }
        return out;
    }

    /** An array of distinct choices, at least one. */
    List<String> choices(String name, List<String> choices) {
        JsonNode n = required(name);
        if (!n.isArray() || n.isEmpty() || n.size() > choices.size()) {
            throw new BadRequest(name + ": expected an array of 1 to " + choices.size() + " of " + String.join(", ", choices));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            String s = e.asText();
            if (!e.isTextual() || !choices.contains(s)) {
                throw new BadRequest(name + ": '" + e.asText() + "' is not one of " + String.join(", ", choices));
            }
            if (out.contains(s)) {
                throw new BadRequest(name + ": '" + s + "' is given twice");
            }
            out.add(s);
        }
        return out;
    }

    private JsonNode required(String name) {
        if (!has(name)) {
            throw new BadRequest(name + ": missing");
        }
        return fields.get(name);
    }
}
