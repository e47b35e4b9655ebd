package dev.descent.io;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * UTF-8 JSON without duplicate keys, known dtypes, shapes whose size matches the offsets
 * (overflow-checked), offsets that cover the data exactly, without gaps or overlaps. Every dtype
 * of {@link Dtype} is read and converted to double.
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

    /** Writes {@code tensors} (in map order) and {@code metadata} as F64, bit-exact; see {@link #write(Path, Map, Map, Dtype)}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        write(file, tensors, metadata, Dtype.F64);
    }

    /**
     * Writes {@code tensors} in map order with elements of type {@code dtype} (F64 or F32), plus
     * {@code metadata} under {@code "__metadata__"}, atomically (see {@link AtomicFiles}).
     *
     * @throws IllegalArgumentException for a null or reserved name, or a dtype Descent cannot write
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, Dtype dtype) {
        if (!dtype.isWritable()) {
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
                        + SafetensorsHeader.METADATA + ", and tensors not null (name: " + name + ")");
            }
            Tensor t = e.getValue();
            long end = offset + (long) t.numel() * dtype.byteSize();
            entries.add(new SafetensorsHeader.Entry(name, dtype, t.shape().dims(), offset, end));
            values.add(t);
            offset = end;
        }
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
            for (Tensor t : values) {
                buffer.clear();
                for (double v : t.toArray()) {
                    if (buffer.remaining() < Double.BYTES) {
                        out.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    dtype.write(buffer, v);
                }
                out.write(buffer.array(), 0, buffer.position());
            }
        });
    }

    /**
     * Reads every tensor (converted to double) and the metadata of a safetensors file.
     *
     * @throws ModelFileException when the file is not a valid safetensors file; the message says why
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static SafetensorsFile read(Path file) {
        String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new ModelFileException(name, "the file is " + size + " bytes long, too short for a safetensors"
                        + " file (it starts with an 8-byte header length)");
            }
            long headerLength = readFully(channel, 0, 8, name).order(ByteOrder.LITTLE_ENDIAN).getLong();
            checkHeaderLength(headerLength, size, name);
            byte[] headerBytes = readFully(channel, 8, (int) headerLength, name).array();
            long dataStart = 8 + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(headerBytes, size - dataStart, name);
            checkMemory(header, name);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries()) {
                double[] values = readValues(channel, dataStart + e.begin(), e.numel(), e.dtype(), name);
                tensors.put(e.name(), Tensor.of(values, Shape.of(e.shape())));
            }
            return new SafetensorsFile(tensors, header.metadata());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot read " + name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("cannot read " + name + ": permission denied", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static void checkHeaderLength(long length, long size, String name) {
        // The length is unsigned: a negative long is a number above 2^63.
        if (length < 0 || length > SafetensorsHeader.MAX_LENGTH) {
            throw new ModelFileException(name, "the header length is " + Long.toUnsignedString(length)
                    + " bytes, more than the limit of " + SafetensorsHeader.MAX_LENGTH + " (is this a safetensors file?)");
        }
        if (length < 2) {
            throw new ModelFileException(name, "the header length is " + length
                    + ", too short for a JSON object (at least 2 bytes: {})");
        }
        if (length > size - 8) {
            throw new ModelFileException(name, "the header length is " + length + " bytes, but only " + (size - 8)
                    + " bytes follow it (a truncated file?)");
        }
    }

    private static void checkMemory(SafetensorsHeader header, String name) {
        long bytes = 0;
        for (SafetensorsHeader.Entry e : header.entries()) {
            bytes += 8L * e.numel();
        }
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new ModelFileException(name, "the tensors need " + bytes / (1 << 20) + " MiB as doubles, more than"
                    + " this JVM may use (" + max / (1 << 20) + " MiB); raise -Xmx");
        }
    }

    private static double[] readValues(FileChannel channel, long position, int numel, Dtype dtype, String name)
            throws IOException {
        double[] values = new double[numel];
        int perChunk = CHUNK / dtype.byteSize();
        ByteBuffer buffer = ByteBuffer.allocate(perChunk * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            buffer.clear().limit(count * dtype.byteSize());
            fill(channel, buffer, position + (long) done * dtype.byteSize(), name);
            buffer.flip();
            for (int i = 0; i < count; i++) {
                values[done + i] = dtype.read(buffer);
            }
            done += count;
        }
        return values;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length, String name) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        fill(channel, buffer, position, name);
        return buffer.flip();
    }

    private static void fill(FileChannel channel, ByteBuffer buffer, long position, String name) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                // The size was checked first, so the file shrank while it was being read.
                throw new ModelFileException(name, "the file ended at byte " + at + " while being read"
                        + " (was it changed meanwhile?)");
            }
            at += n;
        }
    }
}
