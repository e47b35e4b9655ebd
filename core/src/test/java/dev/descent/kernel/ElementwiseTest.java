package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.kernel.Elementwise.Binary;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every binary op in every layout {@code binaryInto} tells apart (whole arrays, a scalar, a repeated
 * row on either side, a value per row, a general broadcast), into a new array and in place, element
 * by element against the op's definition, bit for bit (NaN as NaN, −0 apart from +0), with NaN, ±0
 * and infinities among the values.
 */
class ElementwiseTest {
    private static final double[] VALUES = {1.5, -2, 0.0, -0.0, Double.NaN, 3, Double.POSITIVE_INFINITY, -0.25,
        Double.NEGATIVE_INFINITY, 2, 0.5, -1, 4, -3.5, 1};

    private static double expected(Binary op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case THRESHOLD -> a <= 0 ? 0 : b; // NaN is not ≤ 0, so it passes b
        };
    }

    /** {@code n} values cycling through {@link #VALUES} from {@code start}. */
    private static double[] values(int n, int start) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = VALUES[(start + i) % VALUES.length];
        }
        return x;
    }

    /** The element of {@code x} (shape {@code dims}, right-aligned) that broadcasts to position {@code (r, c)} of a [3, 5] output. */
    private static double at(double[] x, int[] dims, int r, int c) {
        int rows = dims.length < 2 ? 1 : dims[dims.length - 2];
        int cols = dims.length < 1 ? 1 : dims[dims.length - 1];
        return x[(rows == 1 ? 0 : r) * cols + (cols == 1 ? 0 : c)];
    }

    @Test
    void everyOpInEveryLayoutMatchesItsDefinitionIntoANewArrayAndInPlace() {
        int[] out = {3, 5};
        // whole, scalar, row, row on the left, column, and a column against a row (expanded)
        int[][][] layouts = {{out, out}, {out, {}}, {out, {5}}, {{5}, out}, {out, {3, 1}}, {{3, 1}, {1, 5}}};
        for (Binary op : Binary.values()) {
            for (int[][] layout : layouts) {
                int[] aDims = layout[0];
                int[] bDims = layout[1];
                double[] a = values(Broadcast.numel(aDims), 0);
                double[] b = values(Broadcast.numel(bDims), 7);
                double[] fresh = ElementwiseF64.binary(op, a, aDims, b, bDims, out);
                double[] inPlace = null;
                if (a.length == 15) {
                    inPlace = a.clone();
                    ElementwiseF64.binaryInto(op, inPlace, aDims, b, bDims, out, inPlace);
                }
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 5; c++) {
                        double want = expected(op, at(a, aDims, r, c), at(b, bDims, r, c));
                        String where = op + " " + Arrays.toString(aDims) + " and " + Arrays.toString(bDims) + " at (" + r
                                + ", " + c + ")";
                        assertThat(Double.doubleToLongBits(fresh[r * 5 + c])).as("%s: %s", where, fresh[r * 5 + c])
                                .isEqualTo(Double.doubleToLongBits(want));
                        if (inPlace != null) {
                            assertThat(Double.doubleToLongBits(inPlace[r * 5 + c])).as("%s in place: %s", where, inPlace[r * 5 + c])
                                    .isEqualTo(Double.doubleToLongBits(want));
                        }
                    }
                }
            }
        }
    }

    @Test
    void reluIsTheThresholdOfAnArrayWithItself() {
        double[] x = values(15, 0);
        double[] relu = ElementwiseF64.binary(Binary.THRESHOLD, x, new int[] {15}, x, new int[] {15}, new int[] {15});
        for (int i = 0; i < 15; i++) {
            assertThat(Double.doubleToLongBits(relu[i])).as("relu(%s) = %s", x[i], relu[i])
                    .isEqualTo(Double.doubleToLongBits(x[i] <= 0 ? 0.0 : x[i]));
        }
    }

    @Test
    void float32ScalesInPlaceAsFloat32Arithmetic() {
        float[] x = {1.5f, -2f, 0f, Float.NaN, 3.25f, 1e-30f, -7f};
        float[] original = x.clone();
        ElementwiseF32.binaryInto(Binary.MUL, x, new int[] {7}, new float[] {0.9f}, new int[0], new int[] {7}, x);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToIntBits(x[i])).as("%s · 0.9f = %s", original[i], x[i])
                    .isEqualTo(Float.floatToIntBits(original[i] * 0.9f));
        }
    }
}
