package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: parsed and checked completely before any tensor data is
 * allocated, and encoded for writing.
 *
 * <p>A valid header is a JSON object; {@code "__metadata__"} maps to an object of strings, every
 * other key names a tensor and maps to {@code {"dtype": "F64", "shape": [2, 3], "data_offsets":
 * [begin, end]}}. The checks: known dtypes; shapes of whole numbers ≥ 0 whose element count times
 * the element size (overflow-checked) equals {@code end - begin}; offsets that, sorted, start at 0,
 * follow each other without gap or overlap and end exactly at the end of the data.
 */
final class SafetensorsHeader {
    static final long MAX_LENGTH = 100_000_000;
    static final String METADATA = "__metadata__";
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One tensor's description; offsets count from the start of the data section. */
    record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {
        int numel() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        String offsets() {
            return "[" + begin + ", " + end + "]";
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** The tensors in header order. */
    List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings in header order (empty when absent). */
    Map<String, String> metadata() {
        return metadata;
    }

    /** Parses and validates {@code bytes} for a data section of {@code dataLength} bytes. */
    static SafetensorsHeader parse(byte[] bytes, long dataLength, String file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ModelFileException(file, "the header is not valid UTF-8 text (is this a safetensors file?)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            String where = e.getLocation() == null ? "" : " at character " + (e.getLocation().getCharOffset() + 1);
            throw new ModelFileException(file, problem.startsWith("Duplicate")
                    ? "the header gives a key twice (a tensor name or a field): " + problem + where
                    : "the header is not valid JSON: " + problem + where);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFileException(file, "the header is not a JSON object but " + kind(root));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA)) {
                metadata = metadata(field.getValue(), file);
            } else {
                entries.add(entry(field.getKey(), field.getValue(), file));
            }
        }
        checkCoverage(entries, dataLength, file);
        return new SafetensorsHeader(Collections.unmodifiableList(entries), metadata);
    }

    private static Map<String, String> metadata(JsonNode node, String file) {
        if (!node.isObject()) {
            throw new ModelFileException(file, METADATA + " must be an object of strings, not " + kind(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new ModelFileException(file, METADATA + " value '" + field.getKey() + "' must be a string, not "
                        + kind(field.getValue()));
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry entry(String name, JsonNode node, String file) {
        String tensor = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new ModelFileException(file, tensor + " must be described by an object with dtype, shape and"
                    + " data_offsets, not " + kind(node));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new ModelFileException(file, tensor + " has an unexpected field '" + field.getKey()
                        + "' (expected dtype, shape and data_offsets)");
            }
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new ModelFileException(file, tensor + " needs a dtype string such as \"F64\"");
        }
        Dtype dtype = Dtype.fromHeader(dtypeNode.textValue());
        if (dtype == null) {
            throw new ModelFileException(file, tensor + " has the unknown or unsupported dtype '"
                    + dtypeNode.textValue() + "'; Descent reads " + Arrays.toString(Dtype.values()));
        }
        int[] shape = shape(node.get("shape"), tensor, file);
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
        long[] offsets = offsets(node.get("data_offsets"), tensor, file);
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
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static int[] shape(JsonNode node, String tensor, String file) {
        if (node == null || !node.isArray()) {
            throw new ModelFileException(file, tensor + " needs a shape: a list of whole numbers such as [2, 3]");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber()) {
                throw new ModelFileException(file, tensor + " has shape " + node + ", which is not a list of whole numbers");
            }
            if (d.canConvertToLong() && d.longValue() < 0) {
                throw new ModelFileException(file, tensor + " has the negative dimension " + d + " in shape " + node);
            }
            if (!d.canConvertToInt()) {
                throw new ModelFileException(file, tensor + " has the dimension " + d + " in shape " + node
                        + ", larger than " + Integer.MAX_VALUE);
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    private static long[] offsets(JsonNode node, String tensor, String file) {
        String expected = " needs data_offsets: two whole numbers [begin, end] with 0 <= begin <= end";
        if (node == null || !node.isArray() || node.size() != 2) {
            throw new ModelFileException(file, tensor + expected);
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode n = node.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
                throw new ModelFileException(file, tensor + expected + ", not " + node);
            }
            offsets[i] = n.longValue();
        }
        if (offsets[0] > offsets[1]) {
            throw new ModelFileException(file, tensor + " has data_offsets " + node + " that end before they begin");
        }
        return offsets;
    }

    private static void checkCoverage(List<Entry> entries, long dataLength, String file) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw new ModelFileException(file, "tensor '" + e.name() + "' (data_offsets " + e.offsets()
                        + ") overlaps tensor '" + previous.name() + "' (data_offsets " + previous.offsets() + ")");
            }
            if (e.begin() > covered) {
                throw new ModelFileException(file, "bytes " + covered + " to " + e.begin() + " of the data belong to no"
                        + " tensor (a gap before tensor '" + e.name() + "'); data_offsets must be contiguous");
            }
            covered = e.end();
            previous = e;
        }
        if (covered > dataLength) {
            throw new ModelFileException(file, "tensor '" + previous.name() + "' ends at byte " + covered
                    + " of the data, but the file holds only " + dataLength + " bytes of data (a truncated file?)");
        }
        if (covered < dataLength) {
            throw new ModelFileException(file, "the file holds " + dataLength + " bytes of data but its tensors"
                    + " describe only " + covered + " (extra bytes at the end)");
        }
    }

    /** The header for {@code entries} and {@code metadata}, padded with spaces to a multiple of 8 bytes. */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        for (Entry e : entries) {
            ObjectNode tensor = root.putObject(e.name());
            tensor.put("dtype", e.dtype().name());
            ArrayNode shape = tensor.putArray("shape");
            for (int d : e.shape()) {
                shape.add(d);
            }
            tensor.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("safetensors: cannot encode the header", e);
        }
        // Padding with spaces makes the data start 8-byte aligned (8 + header length ≡ 0 mod 8),
        // as the format recommends, so readers can map F64 data in place.
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "empty";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
