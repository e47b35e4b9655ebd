package dev.descent.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one IDX file front to back: the header when opened, so that a caller can check the type and
 * shape before any data is read, then the data as doubles.
 *
 * <p>Nothing is allocated from what the header claims: the data is read in blocks of at most
 * {@link #BLOCK} bytes as it arrives, and the array of values is allocated only once all of it has
 * arrived. A gzip stream (recognised by its first two bytes, 1f 8b) is decompressed on the way;
 * offsets in messages then count bytes of the decompressed data.
 */
final class IdxReader implements Closeable {
    /** The most dimensions a file may have. */
    static final int MAX_RANK = 8;
    /** The most elements a file may hold: the most a Java array (and a tensor) can hold. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** The size of the blocks data is read in, a multiple of every element size. */
    static final int BLOCK = 1 << 20;
    private static final int BUFFER = 1 << 16;

    /** The element types of IDX, by the code in the header's third byte. */
    enum Type {
        UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
        SIGNED_BYTE(0x09, 1, "signed byte"),
        INT16(0x0B, 2, "int16"),
        INT32(0x0C, 4, "int32"),
        FLOAT32(0x0D, 4, "float32"),
        FLOAT64(0x0E, 8, "float64");

        final int code;
        final int size;
        final String label;

        Type(int code, int size, String label) {
            this.code = code;
            this.size = size;
            this.label = label;
        }

        /** The type with this code, or null. */
        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        /** {@code unsigned byte (0x08)}. */
        @Override
        public String toString() {
            return label + String.format(" (0x%02X)", code);
        }
    }

    private final InputStream in;
    private final String name;
    private final boolean gzip;
    private final Type type;
    private final int[] dims;
    private final long numel;
    private final int headerBytes;
    /** Bytes read so far from the (decompressed) stream. */
    private long position;

    private IdxReader(InputStream in, String name, boolean gzip, long plainSize) throws IOException {
        this.in = in;
        this.name = name;
        this.gzip = gzip;
        byte[] magic = new byte[4];
        int got = readUpTo(magic, 0, 4);
        if ((got > 0 && magic[0] != 0) || (got > 1 && magic[1] != 0)) {
            throw error("not an IDX file: it starts with bytes " + hex(magic, Math.min(got, 2)) + (gzip ? " after"
                    + " gzip decompression" : "") + ", not 00 00 (an IDX file starts with two zero bytes, a type"
                    + " byte and the number of dimensions)");
        }
        if (got < 4) {
            throw error(got == 0 && !gzip ? "the file is empty, not an IDX file (it starts with a 4-byte magic number)"
                    : "the header is cut short: expected at least 4 bytes (the magic number), found " + got);
        }
        type = Type.of(magic[2] & 0xff);
        if (type == null) {
            throw error(String.format("byte 2 holds the type code 0x%02X, which IDX does not define (0x08 unsigned"
                    + " byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64)", magic[2] & 0xff));
        }
        int rank = magic[3] & 0xff;
        if (rank == 0 || rank > MAX_RANK) {
            throw error("byte 3 gives " + rank + " dimensions; this reader accepts 1 to " + MAX_RANK);
        }
        headerBytes = 4 + 4 * rank;
        byte[] sizes = new byte[4 * rank];
        got = readUpTo(sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw error("the header is cut short: " + rank + " dimensions need " + headerBytes + " bytes of header,"
                    + " found " + (4 + got));
        }
        ByteBuffer big = ByteBuffer.wrap(sizes);
        dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = big.getInt();
            if (dims[d] < 0) {
                throw error(at(4 + 4L * d) + ": the size of dimension " + d + " is " + dims[d] + ", negative (or above"
                        + " 2^31 - 1 read as unsigned)");
            }
        }
        BigInteger count = BigInteger.ONE;
        for (int d : dims) {
            count = count.multiply(BigInteger.valueOf(d));
        }
        if (count.compareTo(BigInteger.valueOf(MAX_ELEMENTS)) > 0) {
            throw error("the shape " + Arrays.toString(dims) + " holds " + count + " elements, more than the "
                    + MAX_ELEMENTS + " this reader accepts");
        }
        numel = count.longValueExact();
        if (!gzip && plainSize >= 0) {
            long found = plainSize - headerBytes;
            if (found < dataBytes()) {
                throw truncated(found);
            }
            if (found > dataBytes()) {
                long extra = found - dataBytes();
                throw error(extra + (extra == 1 ? " extra byte follows" : " extra bytes follow") + " the data, which"
                        + " ends " + at(headerBytes + dataBytes()) + " (is the shape in the header wrong?)");
            }
        }
        long need = numel * Double.BYTES;
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw error("the shape " + Arrays.toString(dims) + " needs " + (need >> 20) + " MiB as float64, more than"
                    + " this JVM may use (" + (max >> 20) + " MiB); raise -Xmx");
        }
    }

    /**
     * Reads the header from {@code stream}, decompressing it first when it starts with gzip's magic
     * bytes. Closing the reader closes the stream.
     *
     * @param plainSize the length of the file when known (a regular file), else -1; it lets the reader
     *     find a truncated or overlong uncompressed file before reading its data
     * @throws DataFormatException for a header that is not valid IDX, or a corrupt gzip stream
     * @throws IOException when the stream cannot be read
     */
    static IdxReader open(InputStream stream, String name, long plainSize) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(stream, BUFFER);
        InputStream outer = buffered;
        try {
            buffered.mark(2);
            int first = buffered.read();
            int second = buffered.read();
            buffered.reset();
            if (first == 0x1f && second == 0x8b) {
                try {
                    outer = new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
                } catch (ZipException | EOFException e) {
                    throw gzipError(name, 0, e);
                }
                return new IdxReader(outer, name, true, -1);
            }
            return new IdxReader(buffered, name, false, plainSize);
        } catch (IOException | RuntimeException e) {
            outer.close();
            throw e;
        }
    }

    /** {@code stream}, which closing leaves open: for callers who own the stream. */
    static InputStream unclosed(InputStream stream) {
        return new FilterInputStream(stream) {
            @Override
            public void close() {}
        };
    }

    Type type() {
        return type;
    }

    /** The sizes from the header. */
    int[] dims() {
        return dims.clone();
    }

    /** The number of elements, the product of the sizes. */
    long numel() {
        return numel;
    }

    /** The length of the header in bytes, where the data starts. */
    int headerBytes() {
        return headerBytes;
    }

    /**
     * All the values, each divided by {@code divisor}, row-major; the stream must end right after
     * them (and, when gzipped, pass its checksum).
     *
     * @throws DataFormatException for a truncated file, bytes after the data, a corrupt gzip stream
     */
    double[] values(double divisor) throws IOException {
        return values(divisor, numel);
    }

    /**
     * The first {@code limit} values (all of them when {@code limit >= numel()}), each divided by
     * {@code divisor}. When fewer than all are asked for, the rest of the stream is not read, so
     * neither its end nor the gzip checksum is checked.
     */
    double[] values(double divisor, long limit) throws IOException {
        int count = (int) Math.min(Math.max(limit, 0), numel);
        long bytes = (long) count * type.size;
        List<byte[]> blocks = new ArrayList<>();
        for (long done = 0; done < bytes; ) {
            byte[] block = new byte[(int) Math.min(BLOCK, bytes - done)];
            int got = readUpTo(block, 0, block.length);
            done += got;
            if (got < block.length) {
                throw truncated(done);
            }
            blocks.add(block);
        }
        if (count == numel && readUpTo(new byte[1], 0, 1) > 0) {
            throw error("more bytes follow the data, which ends " + at(headerBytes + dataBytes())
                    + " (is the shape in the header wrong?)");
        }
        double[] values = new double[count];
        int next = 0;
        for (byte[] block : blocks) {
            next = convert(block, values, next, divisor);
        }
        return values;
    }

    /** Decodes {@code block} (whole elements, big-endian) into {@code out} from {@code start}; returns the next index. */
    private int convert(byte[] block, double[] out, int start, double divisor) {
        int n = block.length / type.size;
        ByteBuffer big = ByteBuffer.wrap(block);
        switch (type) {
            case UNSIGNED_BYTE, SIGNED_BYTE -> {
                double[] table = new double[256];
                for (int b = 0; b < 256; b++) {
                    table[b] = (type == Type.SIGNED_BYTE ? (byte) b : b) / divisor;
                }
                for (int i = 0; i < n; i++) {
                    out[start + i] = table[block[i] & 0xff];
                }
            }
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    out[start + i] = big.getShort(2 * i) / divisor;
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    out[start + i] = big.getInt(4 * i) / divisor;
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < n; i++) {
                    out[start + i] = big.getFloat(4 * i) / divisor;
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    out[start + i] = big.getDouble(8 * i) / divisor;
                }
            }
        }
        return start + n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A problem with the file, for messages of callers that check what the header announces. */
    DataFormatException error(String problem) {
        return new DataFormatException(name, 0, null, problem);
    }

    /** {@code at byte 16}, or {@code at byte 16 of the decompressed data} for a gzip stream. */
    String at(long offset) {
        return "at byte " + offset + (gzip ? " of the decompressed data" : "");
    }

    private long dataBytes() {
        return numel * type.size;
    }

    private DataFormatException truncated(long found) {
        return error("the data is cut short: the shape " + Arrays.toString(dims) + " of " + type.label + " needs "
                + dataBytes() + " bytes after the " + headerBytes + "-byte header, found " + found
                + (gzip ? " bytes of decompressed data" : "") + " (a truncated file?)");
    }

    /** Reads until {@code length} bytes or the end of the stream; a gzip problem becomes a DataFormatException. */
    private int readUpTo(byte[] buffer, int offset, int length) throws IOException {
        int got = 0;
        try {
            while (got < length) {
                int n = in.read(buffer, offset + got, length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw e;
            }
            throw gzipError(name, position + got, e);
        } finally {
            position += got;
        }
        return got;
    }

    private static DataFormatException gzipError(String name, long decompressed, IOException e) {
        String reason = e instanceof EOFException
                ? "the gzip stream ends early, after " + decompressed + " bytes of decompressed data (a truncated"
                        + " download?)"
                : "the gzip stream is corrupt after " + decompressed + " bytes of decompressed data (" + e.getMessage()
                        + ")";
        return new DataFormatException(name, 0, null, reason);
    }

    private static String hex(byte[] bytes, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }
}
