package dev.descent.io;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files, the simple binary format of MNIST and Fashion-MNIST
 * ({@code train-images-idx3-ubyte.gz} and the like), into tensors.
 *
 * <p>The format, as <a href="http://yann.lecun.com/exdb/mnist/">Yann LeCun's MNIST page</a> describes
 * it: two zero bytes; a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
 * 0x0D float32, 0x0E float64); the number of dimensions, one byte; one size per dimension, each a
 * big-endian int32; then the elements, big-endian and row-major (the last index changes fastest).
 * A file compressed with gzip is recognised by its first two bytes (1f 8b), whatever its name, and
 * decompressed on the way.
 *
 * <p>The result is a float64 tensor of the shape in the header holding the values as they are:
 * 0 to 255 for unsigned bytes, -128 to 127 for signed ones. An images file of MNIST gives
 * {@code [60000, 28, 28]}, a labels file {@code [60000]}.
 *
 * <p>Reading is strict and safe on hostile files: every problem is a {@link DataFormatException}
 * with one line naming the file and, where it helps, the byte offset (in the decompressed data for
 * a gzip file); memory is allocated only for data that has arrived, never for what a header claims.
 *
 * <pre>{@code
 * jshell> Idx.read(Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")).shape()
 * $1 ==> [10000]
 * }</pre>
 *
 * @see FashionMnist
 */
public final class Idx {
    private Idx() {}

    /**
     * Reads the IDX file {@code file}, plain or gzip-compressed. A path that is not a regular file
     * (a pipe, {@code /dev/stdin}) is read as a stream.
     *
     * @return a float64 tensor with the file's shape ({@code [n, 28, 28]} for MNIST images) and values
     * @throws DataFormatException when the file is not valid IDX: it does not start with two zero
     *     bytes, the type byte is unknown, it has no dimensions or more than 8, a size is negative,
     *     it holds more than {@code Integer.MAX_VALUE - 8} elements, it is cut short (the message
     *     says how many bytes were expected and found), bytes follow the data, or its gzip stream is
     *     corrupt
     * @throws UncheckedIOException when the file cannot be read at all (missing, a folder, no
     *     permission), with a one-line message such as {@code cannot read x.idx: no such file}
     */
    public static Tensor read(Path file) {
        try (InputStream in = Inputs.open(file)) {
            long size = Files.isRegularFile(file) ? Files.size(file) : -1;
            try (IdxReader reader = IdxReader.open(in, file.toString(), size)) {
                return tensor(reader);
            }
        } catch (IOException e) {
            throw Inputs.failure(file, e.getMessage(), e);
        }
    }

    /**
     * Reads an IDX file, plain or gzip-compressed, from a stream (standard input, a resource),
     * with the same checks as {@link #read(Path)}; the stream must end right after the data. The
     * stream is not closed.
     *
     * @param name names the stream in messages ({@code "-"}, {@code "labels.idx"})
     * @return a float64 tensor with the stream's shape and values
     * @throws DataFormatException when the bytes are not valid IDX; see {@link #read(Path)}
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Tensor read(InputStream stream, String name) {
        try (IdxReader reader = IdxReader.open(IdxReader.unclosed(stream), name, -1)) {
            return tensor(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.capped("cannot read " + name + ": " + e.getMessage()), e);
        }
    }

    private static Tensor tensor(IdxReader reader) throws IOException {
        return Tensor.wrap(reader.values(1.0), Shape.of(reader.dims()));
    }
}
