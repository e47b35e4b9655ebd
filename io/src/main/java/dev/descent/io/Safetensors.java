package dev.descent.io;

import dev.descent.DType;
import dev.descent.Shape;
import dev.descent.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes safetensors files, the tensor format of Hugging Face and PyTorch: Descent's
 * {@code safetensors.torch.save_file} and {@code load_file}.
 *
 * <p>Layout: 8 bytes little-endian unsigned header length N; N bytes of UTF-8 JSON
 * {@code {"__metadata__": {"k": "v"}, "w": {"dtype": "F64", "shape": [2, 3], "data_offsets": [0, 48]}}},
 * padded with spaces so that the data starts at an 8-byte aligned offset; then the raw
 * little-endian row-major data of every tensor, with offsets counted from the start of the data.
 *
 * <p>Reading checks the whole header before allocating anything (see {@link ModelFileException}
 * for what a bad file gets): header length between 2 and 100,000,000 bytes and within the file,
 * UTF-8 JSON without duplicate keys, at most 100,000 tensors of at most 64 dimensions, at most
 * 10,000 metadata entries of 16 MiB in all (limits generous for real models: the largest
 * published checkpoints hold a few thousand tensors per file), known dtypes, shapes whose size
 * matches the offsets (overflow-checked), offsets that cover the data exactly, without gaps or
 * overlaps. Every dtype of {@link Dtype} is read: F32, F16 and BF16 into float32 tensors (a PyTorch
 * float32 {@code state_dict} stays float32), the others into float64 tensors (see {@link Dtype}).
 * Writing keeps each tensor's type (F64 for float64, F32 for float32) unless told otherwise, and
 * refuses what reading would refuse.
 *
 * <pre>{@code
 * jshell> Safetensors.write(Path.of("model.safetensors"), Map.of("weight", w), Map.of("features", "RM,LSTAT"));
 * jshell> Safetensors.read(Path.of("model.safetensors")).tensor("weight").shape()
 * $2 ==> [1, 2]
 * }</pre>
 */
public final class Safetensors {
    private static final int CHUNK = 1 << 16;

    private Safetensors() {}

    /**
     * Writes {@code tensors} (in map order) and {@code metadata}, each tensor in its own type (F64 for
     * float64, F32 for float32), bit-exact, as {@code safetensors.torch.save_file} keeps each dtype;
     * see {@link #write(Path, Map, Map, Dtype)}.
     *
     * @throws IllegalArgumentException for a null or reserved name
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        write(file, tensors, metadata, null);
    }

    /**
     * Writes {@code tensors} in map order with elements of type {@code dtype} (F64 or F32: float64
     * values are rounded to nearest in F32, float32 values widened exactly in F64; null keeps each
     * tensor's own type), plus {@code metadata} under {@code "__metadata__"}, atomically (see
     * {@link AtomicFiles}).
     *
     * @throws IllegalArgumentException for a null or reserved name, or a dtype Descent cannot write
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, Dtype dtype) {
        if (dtype != null && !dtype.isWritable()) {
            throw new IllegalArgumentException("safetensors: Descent writes F64 or F32, not " + dtype);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("safetensors: metadata keys and values must not be null");
            }
            meta.put(key, value);
        });
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || e.getValue() == null || name.equals(SafetensorsHeader.METADATA)) {
                throw new IllegalArgumentException("safetensors: tensor names must not be null or "
                        + SafetensorsHeader.METADATA + ", and tensors not null (name: " + Messages.shown(name) + ")");
            }
            Tensor t = e.getValue();
            Dtype type = dtype != null ? dtype : Dtype.of(t.dtype());
            long end = offset + (long) t.numel() * type.byteSize();
            entries.add(new SafetensorsHeader.Entry(name, type, t.shape().dims(), offset, end));
            values.add(t);
            offset = end;
        }
        checkLimits(entries, meta);
        byte[] header = SafetensorsHeader.encode(entries, meta);
        if (header.length > SafetensorsHeader.MAX_LENGTH) {
            throw new IllegalArgumentException("safetensors: the header would be " + header.length
                    + " bytes, more than readers accept (" + SafetensorsHeader.MAX_LENGTH + ")");
        }
        AtomicFiles.write(file, out -> {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(header.length);
            out.write(buffer.array(), 0, buffer.position());
            out.write(header);
            for (int i = 0; i < values.size(); i++) {
                Dtype type = entries.get(i).dtype();
                buffer.clear();
                for (double v : values.get(i).toArray()) {
                    if (buffer.remaining() < Double.BYTES) {
                        out.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    type.write(buffer, v);
                }
                out.write(buffer.array(), 0, buffer.position());
            }
        });
    }

    /**
     * Reads every tensor (converted to double) and the metadata of a safetensors file. A path that
     * is not a regular file (a pipe, {@code /dev/stdin}) is read as a stream, see
     * {@link #read(InputStream, String)}.
     *
     * @throws ModelFileException when the file is not a valid safetensors file; the message says why
     * @throws UncheckedIOException when the file cannot be read at all (missing, a folder, no permission)
     */
    public static SafetensorsFile read(Path file) {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file) && Files.exists(file)) {
                try (InputStream in = Inputs.open(file)) {
                    return read(in, name);
                }
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size < 8) {
                    throw new ModelFileException(name, "the file is " + size + " bytes long, too short for a"
                            + " safetensors file (it starts with an 8-byte header length)");
                }
                long headerLength = readFully(channel, 8, name).order(ByteOrder.LITTLE_ENDIAN).getLong();
                checkHeaderLength(headerLength, name);
                if (headerLength > size - 8) {
                    throw new ModelFileException(name, "the header length is " + headerLength + " bytes, but only "
                            + (size - 8) + " bytes follow it (a truncated file?)");
                }
                byte[] headerBytes = readFully(channel, (int) headerLength, name).array();
                SafetensorsHeader header = SafetensorsHeader.parse(headerBytes, size - 8 - headerLength, name);
                return data(channel, header, name);
            }
        } catch (NoSuchFileException e) {
            throw Inputs.failure(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw Inputs.failure(file, "permission denied", e);
        } catch (IOException e) {
            throw Inputs.failure(file, e.getMessage(), e);
        }
    }

    /**
     * Reads a safetensors file from a stream (standard input, a pipe), front to back, with the same
     * checks as {@link #read(Path)}: the header before any data is allocated, then the data, which
     * must end exactly where the last tensor ends. The stream is not closed.
     *
     * @param name names the stream in messages ({@code "-"}, {@code "standard input"})
     * @throws ModelFileException when the bytes are not a valid safetensors file; the message says why
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static SafetensorsFile read(InputStream stream, String name) {
        try {
            // Buffered, also so that Channels does not unwrap a FileInputStream into a FileChannel,
            // whose reads need a position that a pipe does not have.
            InputStream in = new BufferedInputStream(stream, CHUNK);
            ReadableByteChannel channel = Channels.newChannel(in);
            ByteBuffer length = ByteBuffer.allocate(8);
            int got = fillUpTo(channel, length);
            if (got < 8) {
                throw new ModelFileException(name, "the stream ended after " + got + " bytes, too short for a"
                        + " safetensors file (it starts with an 8-byte header length)");
            }
            long headerLength = length.flip().order(ByteOrder.LITTLE_ENDIAN).getLong();
            checkHeaderLength(headerLength, name);
            // readNBytes grows its buffer as bytes arrive, so a length that lies allocates nothing.
            byte[] headerBytes = in.readNBytes((int) headerLength);
            if (headerBytes.length < headerLength) {
                throw new ModelFileException(name, "the header length is " + headerLength + " bytes, but only "
                        + headerBytes.length + " bytes follow it (a truncated file?)");
            }
            SafetensorsFile file = data(channel, SafetensorsHeader.parse(headerBytes, -1, name), name);
            if (in.read() >= 0) {
                throw new ModelFileException(name, "more bytes follow the data of the last tensor (extra bytes at the"
                        + " end)");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.capped("cannot read " + name + ": " + e.getMessage()), e);
        }
    }

    /** Refuses to write what {@link #read} would refuse to read. */
    private static void checkLimits(List<SafetensorsHeader.Entry> entries, Map<String, String> metadata) {
        if (entries.size() > SafetensorsHeader.MAX_TENSORS) {
            throw new IllegalArgumentException("safetensors: " + entries.size() + " tensors, more than readers accept ("
                    + SafetensorsHeader.MAX_TENSORS + ")");
        }
        for (SafetensorsHeader.Entry e : entries) {
            if (e.shape().length > SafetensorsHeader.MAX_RANK) {
                throw new IllegalArgumentException("safetensors: tensor '" + Messages.shown(e.name()) + "' has "
                        + e.shape().length + " dimensions, more than readers accept (" + SafetensorsHeader.MAX_RANK + ")");
            }
        }
        long chars = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            chars += e.getKey().length() + e.getValue().length();
        }
        if (metadata.size() > SafetensorsHeader.MAX_METADATA_ENTRIES || chars > SafetensorsHeader.MAX_METADATA_CHARS) {
            throw new IllegalArgumentException("safetensors: " + metadata.size() + " metadata entries of " + chars
                    + " characters, more than readers accept (" + SafetensorsHeader.MAX_METADATA_ENTRIES + " entries, "
                    + SafetensorsHeader.MAX_METADATA_CHARS + " characters)");
        }
    }

    private static void checkHeaderLength(long length, String name) {
        // The length is unsigned: a negative long is a number above 2^63.
        if (length < 0 || length > SafetensorsHeader.MAX_LENGTH) {
            throw new ModelFileException(name, "the header length is " + Long.toUnsignedString(length)
                    + " bytes, more than the limit of " + SafetensorsHeader.MAX_LENGTH + " (is this a safetensors file?)");
        }
        if (length < 2) {
            throw new ModelFileException(name, "the header length is " + length
                    + ", too short for a JSON object (at least 2 bytes: {})");
        }
    }

    /** Reads the data section that follows the header: every tensor in offset order, returned in header order. */
    private static SafetensorsFile data(ReadableByteChannel channel, SafetensorsHeader header, String name)
            throws IOException {
        checkMemory(header, name);
        List<SafetensorsHeader.Entry> byOffset = new ArrayList<>(header.entries());
        byOffset.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin));
        Map<String, Tensor> values = new HashMap<>(2 * byOffset.size());
        for (SafetensorsHeader.Entry e : byOffset) {
            values.put(e.name(), readValues(channel, e, name));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            tensors.put(e.name(), values.remove(e.name()));
        }
        return new SafetensorsFile(tensors, header.metadata());
    }

    private static void checkMemory(SafetensorsHeader header, String name) {
        long bytes = 0;
        for (SafetensorsHeader.Entry e : header.entries()) {
            bytes += (long) e.dtype().tensorType().elementSize() * e.numel();
        }
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new ModelFileException(name, "the tensors need " + bytes / (1 << 20) + " MiB in memory, more than"
                    + " this JVM may use (" + max / (1 << 20) + " MiB); raise -Xmx");
        }
    }

    /** One tensor's elements, into a tensor of {@link Dtype#tensorType()}. */
    private static Tensor readValues(ReadableByteChannel channel, SafetensorsHeader.Entry e, String name)
            throws IOException {
        Dtype dtype = e.dtype();
        int numel = e.numel();
        boolean narrow = dtype.tensorType() == DType.FLOAT32;
        double[] values = narrow ? null : new double[numel];
        float[] floats = narrow ? new float[numel] : null;
        // Small tensors get small buffers: a file may hold 100,000 of them.
        int perChunk = Math.max(1, Math.min(CHUNK / dtype.byteSize(), numel));
        ByteBuffer buffer = ByteBuffer.allocate(perChunk * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            buffer.clear().limit(count * dtype.byteSize());
            if (fillUpTo(channel, buffer) < buffer.limit()) {
                throw new ModelFileException(name, "the data ends inside tensor '" + Messages.shown(e.name())
                        + "', which ends at byte " + e.end() + " of the data (a truncated file, or one changed while"
                        + " being read?)");
            }
            buffer.flip();
            for (int i = 0; i < count; i++) {
                double v = dtype.read(buffer);
                if (narrow) {
                    floats[done + i] = (float) v; // exact: F32, F16 and BF16 values are all floats
                } else {
                    values[done + i] = v;
                }
            }
            done += count;
        }
        Shape shape = Shape.of(e.shape());
        return narrow ? Tensor.of(floats, shape) : Tensor.of(values, shape);
    }

    private static ByteBuffer readFully(ReadableByteChannel channel, int length, String name) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        if (fillUpTo(channel, buffer) < length) {
            throw new ModelFileException(name, "the file ended while being read (was it changed meanwhile?)");
        }
        return buffer.flip();
    }

    /** Reads until {@code buffer} is full or the input ends; returns the bytes read. */
    private static int fillUpTo(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
