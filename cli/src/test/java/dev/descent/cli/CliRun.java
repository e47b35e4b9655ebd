package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Runs the command line in-process and keeps its exit status and output, for tests. */
public record CliRun(int status, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }

    /** The whole standard output parsed as one JSON object. */
    public JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + out, e);
        }
    }
}
