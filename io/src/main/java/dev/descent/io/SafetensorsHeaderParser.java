package dev.descent.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON header of a safetensors file token by token, so that the limits of
 * {@link SafetensorsHeader} are enforced while reading: a hostile header is refused at the first
 * tensor, metadata entry or dimension over a limit, before it has built anything large. Only
 * checked, small {@link SafetensorsHeader.Entry} records are kept.
 */
final class SafetensorsHeaderParser {
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** The scalar texts of a JSON array (containers inside it shown as [...] or {...}), or why it is not one. */
    private record Values(JsonToken kind, List<JsonToken> tokens, List<String> texts, int size) {
        boolean isArray() {
            return kind == JsonToken.START_ARRAY;
        }

        boolean isInteger(int i) {
            return tokens.get(i) == JsonToken.VALUE_NUMBER_INT;
        }

        /** The array in compact JSON, as the file wrote it. */
        String text() {
            return "[" + String.join(",", texts) + (size > texts.size() ? ",..." : "") + "]";
        }
    }

    private final String file;
    private final JsonParser parser;

    private SafetensorsHeaderParser(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** The checked entries and metadata of {@code bytes}; coverage of the data is left to the caller. */
    static SafetensorsHeader parse(byte[] bytes, String file) {
        checkUtf8(bytes, file);
        try (JsonParser parser = SafetensorsHeader.JSON.createParser(bytes)) {
            return new SafetensorsHeaderParser(file, parser).root();
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            String where = e.getLocation() == null ? "" : " at character " + (e.getLocation().getCharOffset() + 1);
            throw new ModelFileException(file, problem.startsWith("Duplicate")
                    ? "the header gives a key twice (a tensor name or a field): " + problem + where
                    : "the header is not valid JSON: " + problem + where);
        } catch (IOException e) {
            throw new ModelFileException(file, "the header cannot be read: " + e.getMessage(), e);
        }
    }

    /** Validates UTF-8 without keeping the decoded text. */
    private static void checkUtf8(byte[] bytes, String file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1 << 13);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new ModelFileException(file, "the header is not valid UTF-8 text (is this a safetensors file?)");
            }
            out.clear();
            if (result.isUnderflow()) {
                return;
            }
        }
    }

    private SafetensorsHeader root() throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new ModelFileException(file, "the header is not a JSON object but " + kind(first));
        }
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(SafetensorsHeader.METADATA)) {
                metadata = metadata(value);
            } else {
                if (entries.size() == SafetensorsHeader.MAX_TENSORS) {
                    throw new ModelFileException(file, "the header describes more than " + SafetensorsHeader.MAX_TENSORS
                            + " tensors, the most Descent reads from one file (a damaged or hostile file?)");
                }
                entries.add(entry(name, value));
            }
        }
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw new ModelFileException(file, "the header is not valid JSON: text follows the closing } (a "
                    + kind(after) + ") at character " + (parser.currentTokenLocation().getCharOffset() + 1));
        }
        return new SafetensorsHeader(Collections.unmodifiableList(entries), metadata);
    }

    private Map<String, String> metadata(JsonToken value) throws IOException {
        String meta = SafetensorsHeader.METADATA;
        if (value != JsonToken.START_OBJECT) {
            throw new ModelFileException(file, meta + " must be an object of strings, not " + kind(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        long chars = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_STRING) {
                throw new ModelFileException(file, meta + " value '" + Messages.shown(key) + "' must be a string, not "
                        + kind(token));
            }
            String text = parser.getText();
            chars += key.length() + text.length();
            if (metadata.size() == SafetensorsHeader.MAX_METADATA_ENTRIES || chars > SafetensorsHeader.MAX_METADATA_CHARS) {
                throw new ModelFileException(file, meta + " holds more than " + SafetensorsHeader.MAX_METADATA_ENTRIES
                        + " entries or " + SafetensorsHeader.MAX_METADATA_CHARS + " characters, more than Descent reads"
                        + " (a damaged or hostile file?)");
            }
            metadata.put(key, text);
        }
        return Collections.unmodifiableMap(metadata);
    }

    private SafetensorsHeader.Entry entry(String name, JsonToken value) throws IOException {
        String tensor = "tensor '" + Messages.shown(name) + "'";
        if (value != JsonToken.START_OBJECT) {
            throw new ModelFileException(file, tensor + " must be described by an object with dtype, shape and"
                    + " data_offsets, not " + kind(value));
        }
        JsonToken dtypeToken = null;
        String dtypeText = null;
        Values shapeValues = null;
        Values offsetValues = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (!FIELDS.contains(field)) {
                throw new ModelFileException(file, tensor + " has an unexpected field '" + Messages.shown(field)
                        + "' (expected dtype, shape and data_offsets)");
            }
            JsonToken token = parser.nextToken();
            switch (field) {
                case "dtype" -> {
                    dtypeToken = token;
                    dtypeText = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                }
                case "shape" -> shapeValues = values(token, SafetensorsHeader.MAX_RANK, tensor + " has a shape of more than "
                        + SafetensorsHeader.MAX_RANK + " dimensions");
                default -> offsetValues = values(token, 3, null);
            }
        }
        if (dtypeToken != JsonToken.VALUE_STRING) {
            throw new ModelFileException(file, tensor + " needs a dtype string such as \"F64\"");
        }
        Dtype dtype = Dtype.fromHeader(dtypeText);
        if (dtype == null) {
            throw new ModelFileException(file, tensor + " has the unknown or unsupported dtype '"
                    + Messages.shown(dtypeText) + "'; Descent reads " + Arrays.toString(Dtype.values()));
        }
        int[] shape = shape(shapeValues, tensor);
        long numel = 1;
        long bytes;
        try {
            for (int d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            bytes = Math.multiplyExact(numel, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new ModelFileException(file, tensor + " has shape " + Arrays.toString(shape)
                    + ", whose size in bytes overflows 64 bits");
        }
        long[] offsets = offsets(offsetValues, tensor);
        long length = offsets[1] - offsets[0];
        if (length != bytes) {
            throw new ModelFileException(file, tensor + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] ("
                    + length + " bytes) but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                    + " bytes");
        }
        if (numel > NumericRows.MAX_VALUES) {
            throw new ModelFileException(file, tensor + " has " + numel + " elements; a Descent tensor holds at most "
                    + NumericRows.MAX_VALUES);
        }
        return new SafetensorsHeader.Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /**
     * The value just read, with at most {@code max} elements kept when it is an array; past that,
     * {@code tooLong} is the error (or, when null, the elements are counted and skipped).
     */
    private Values values(JsonToken kind, int max, String tooLong) throws IOException {
        List<JsonToken> tokens = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (kind != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return new Values(kind, tokens, texts, 0);
        }
        int size = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (++size > max && tooLong != null) {
                throw new ModelFileException(file, tooLong);
            }
            if (size <= max) {
                tokens.add(t);
                texts.add(text(t));
            }
            parser.skipChildren();
        }
        return new Values(kind, tokens, texts, size);
    }

    /** A scalar as JSON writes it (numbers whole: Jackson caps them at 1000 digits), a container as [...] or {...}. */
    private String text(JsonToken t) throws IOException {
        return switch (t) {
            case START_ARRAY -> "[...]";
            case START_OBJECT -> "{...}";
            case VALUE_STRING -> "\"" + Messages.shown(parser.getText()) + "\"";
            default -> parser.getText();
        };
    }

    private int[] shape(Values node, String tensor) {
        if (node == null || !node.isArray()) {
            throw new ModelFileException(file, tensor + " needs a shape: a list of whole numbers such as [2, 3]");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!node.isInteger(i)) {
                throw new ModelFileException(file, tensor + " has shape " + node.text() + ", which is not a list of"
                        + " whole numbers");
            }
            BigInteger d = new BigInteger(node.texts().get(i));
            if (d.signum() < 0) {
                throw new ModelFileException(file, tensor + " has the negative dimension " + d + " in shape " + node.text());
            }
            if (d.bitLength() > 31) {
                throw new ModelFileException(file, tensor + " has the dimension " + d + " in shape " + node.text()
                        + ", larger than " + Integer.MAX_VALUE);
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    private long[] offsets(Values node, String tensor) {
        String expected = " needs data_offsets: two whole numbers [begin, end] with 0 <= begin <= end";
        if (node == null || !node.isArray() || node.size() != 2) {
            throw new ModelFileException(file, tensor + expected);
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            BigInteger n = node.isInteger(i) ? new BigInteger(node.texts().get(i)) : null;
            if (n == null || n.signum() < 0 || n.bitLength() > 63) {
                throw new ModelFileException(file, tensor + expected + ", not " + node.text());
            }
            offsets[i] = n.longValue();
        }
        if (offsets[0] > offsets[1]) {
            throw new ModelFileException(file, tensor + " has data_offsets " + node.text() + " that end before they begin");
        }
        return offsets;
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() != null ? "'" + token.asString() + "'" : token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
