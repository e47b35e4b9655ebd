package dev.descent.cli.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * The {@code --json} output of every command: one object per line, each double as the shortest
 * decimal that reads back as the same double, NaN and infinities as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}. Build the object from maps (a {@link java.util.LinkedHashMap}
 * keeps the key order), lists and arrays.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build());

    private Json() {
    }

    /** {@code value} as one line of JSON. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing JSON", e);
        }
    }
}
