package dev.descent.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: parsed and checked completely before any tensor data is
 * allocated, and encoded for writing.
 *
 * <p>A valid header is a JSON object; {@code "__metadata__"} maps to an object of strings, every
 * other key names a tensor and maps to {@code {"dtype": "F64", "shape": [2, 3], "data_offsets":
 * [begin, end]}}. The checks: known dtypes; shapes of whole numbers ≥ 0 whose element count times
 * the element size (overflow-checked) equals {@code end - begin}; offsets that, sorted, start at 0,
 * follow each other without gap or overlap and end exactly at the end of the data.
 *
 * <p>Limits, enforced while the header is read so that a hostile one is refused before it has
 * built anything large ({@link SafetensorsHeaderParser}): {@value #MAX_LENGTH} bytes of header
 * (the reference implementation's limit), {@value #MAX_TENSORS} tensors (the largest published
 * checkpoints hold a few thousand per file), {@value #MAX_RANK} dimensions per tensor, and
 * {@value #MAX_METADATA_ENTRIES} metadata entries of at most {@value #MAX_METADATA_CHARS}
 * characters in all (Hugging Face files carry a handful of short strings; a Descent model with
 * 100,000 features about 6 MB). Every limit is generous for real models.
 */
final class SafetensorsHeader {
    /** The longest header read or written, in bytes (as the Rust reference implementation). */
    static final long MAX_LENGTH = 100_000_000;
    /** The most tensors one file may describe. */
    static final int MAX_TENSORS = 100_000;
    /** The most dimensions one tensor may have. */
    static final int MAX_RANK = 64;
    /** The most {@code __metadata__} entries. */
    static final int MAX_METADATA_ENTRIES = 10_000;
    /** The most characters of {@code __metadata__} keys and values together (16 MiB). */
    static final int MAX_METADATA_CHARS = 1 << 24;
    static final String METADATA = "__metadata__";

    // Tensor names are mostly distinct: interning them in Jackson's symbol table costs more than it saves.
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
    private long dataLength;

    SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
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

    /**
     * Parses and validates {@code bytes} for a data section of {@code dataLength} bytes, or of any
     * length when {@code dataLength} is negative (a stream: the caller then reads
     * {@link #dataLength()} bytes and checks that nothing follows).
     */
    static SafetensorsHeader parse(byte[] bytes, long dataLength, String file) {
        SafetensorsHeader header = SafetensorsHeaderParser.parse(bytes, file);
        header.dataLength = checkCoverage(header.entries, dataLength, file);
        return header;
    }

    /** The bytes of data the tensors cover, from offset 0 without gaps. */
    long dataLength() {
        return dataLength;
    }

    private static long checkCoverage(List<Entry> entries, long dataLength, String file) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw new ModelFileException(file, "tensor '" + Messages.shown(e.name()) + "' (data_offsets " + e.offsets()
                        + ") overlaps tensor '" + Messages.shown(previous.name()) + "' (data_offsets " + previous.offsets() + ")");
            }
            if (e.begin() > covered) {
                throw new ModelFileException(file, "bytes " + covered + " to " + e.begin() + " of the data belong to no"
                        + " tensor (a gap before tensor '" + Messages.shown(e.name()) + "'); data_offsets must be contiguous");
            }
            covered = e.end();
            previous = e;
        }
        if (dataLength < 0) {
            return covered;
        }
        if (covered > dataLength) {
            throw new ModelFileException(file, "tensor '" + Messages.shown(previous.name()) + "' ends at byte " + covered
                    + " of the data, but the file holds only " + dataLength + " bytes of data (a truncated file?)");
        }
        if (covered < dataLength) {
            throw new ModelFileException(file, "the file holds " + dataLength + " bytes of data but its tensors"
                    + " describe only " + covered + " (extra bytes at the end)");
        }
        return covered;
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
}
