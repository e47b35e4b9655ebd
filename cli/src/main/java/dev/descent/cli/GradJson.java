package dev.descent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The {@code --json} output of {@code descent grad}, one object per line:
 * {@code {"expr":"x*y","value":2.0,"grad":{"x":2.0,"y":1.0},"hessian":[[0.0,1.0],[1.0,0.0]]}}.
 *
 * <p>Numbers are the shortest decimals that read back as the same double. JSON has no NaN or
 * infinity, so those are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}, which Jackson, Python's {@code float()} and JavaScript's {@code Number()}
 * all read back.
 */
final class GradJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private GradJson() {
    }

    /** The result as one line of JSON; the Hessian only when it was computed. */
    static String result(Gradient g) {
        return write(json -> {
            json.writeStringField("expr", g.expression());
            json.writeNumberField("value", g.value());
            json.writeObjectFieldStart("grad");
            for (int i = 0; i < g.variables().size(); i++) {
                json.writeNumberField(g.variables().get(i), g.gradient()[i]);
            }
            json.writeEndObject();
            if (g.hessian() != null) {
                json.writeArrayFieldStart("hessian");
                for (double[] row : g.hessian()) {
                    json.writeArray(row, 0, row.length);
                }
                json.writeEndArray();
            }
        });
    }

    /** A failed expression as one line of JSON; {@code column} (counted from 1) only for syntax errors. */
    static String error(String expression, String message, Integer column) {
        return write(json -> {
            json.writeStringField("expr", expression);
            json.writeStringField("error", message);
            if (column != null) {
                json.writeNumberField("column", column);
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail; this is a bug
        }
        return text.toString();
    }
}
