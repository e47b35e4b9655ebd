package dev.descent.differential;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.DType;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares Descent's tensors with the fixture's, element by element: |actual − expected| ≤
 * atol + rtol·|expected|, NaN matching NaN and an infinity matching the same infinity. Failures are
 * collected as sentences, such as {@code gradient of input 0 differs at [0, 1]: expected 0.5 got 1.0}.
 */
final class Comparison {
    private final double rtol;
    private final double atol;
    private final String note;
    private final boolean exactValue;
    /** Whether atol is relative to the largest |expected| of each tensor compared (the float32 runs). */
    private final boolean normwise;
    private final List<String> failures = new ArrayList<>();
    private Throwable firstCause;

    Comparison(double rtol, double atol, boolean exactValue, String note) {
        this(rtol, atol, exactValue, note, false);
    }

    private Comparison(double rtol, double atol, boolean exactValue, String note, boolean normwise) {
        this.rtol = rtol;
        this.atol = atol;
        this.exactValue = exactValue;
        this.note = note;
        this.normwise = normwise;
    }

    /**
     * The tolerance of a float32 run against the float64 fixtures: {@code |actual − expected| ≤
     * c·ε₃₂·(|expected| + max(1, max|expected|))}. Rounding the inputs to float32 moves them by ε₃₂/2
     * relative, and each operation adds about ε₃₂ of its own; c = {@value #FLOAT32_FACTOR} leaves room
     * for the few operations a case chains. The second term is normwise: a result made of terms of
     * mixed signs is accurate relative to its terms, not to itself (the gradient of Σ softmax is 0 by
     * cancellation of terms near 1; float32 leaves residues of ε₃₂ there). The fixtures' inputs are of
     * order 1, hence the floor of 1.
     */
    static Comparison float32(String note) {
        double tol = FLOAT32_FACTOR * DType.FLOAT32.eps();
        return new Comparison(tol, tol, false, note, true);
    }

    static final int FLOAT32_FACTOR = 64;

    /**
     * The file's tolerance, or the case's own {@code "tolerance"} (with its reason) where it has one;
     * with {@code "exactValue"} the forward value must equal torch's bit for bit.
     */
    static Comparison forCase(Fixtures.File file, JsonNode c) {
        JsonNode t = c.get("tolerance");
        String note = c.has("torchDeviation")
                ? "expected values are not torch's own: " + c.get("torchDeviation").get("why").asText() : null;
        boolean exact = c.has("exactValue");
        if (Fixtures.dtype() == DType.FLOAT32) {
            return float32(note);
        }
        if (t == null) {
            return new Comparison(file.rtol(), file.atol(), exact, note);
        }
        return new Comparison(t.get("rtol").asDouble(), t.get("atol").asDouble(), exact, note);
    }

    /** Compares the forward value: exactly when the case asks for it, else within the tolerance. */
    boolean sameValue(Tensor actual, JsonNode expected) {
        if (!exactValue) {
            return same("value", actual, expected);
        }
        Comparison exact = new Comparison(0, 0, false, null);
        boolean ok = exact.same("value (exactly)", actual, expected);
        failures.addAll(exact.failures);
        return ok;
    }

    List<String> failures() {
        return failures;
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    void fail(String message) {
        failures.add(message);
    }

    void fail(String message, Throwable cause) {
        failures.add(message);
        if (firstCause == null) {
            firstCause = cause;
        }
    }

    /** Compares a tensor with a fixture tensor; returns false (and records why) on any difference. */
    boolean same(String what, Tensor actual, JsonNode expected) {
        int[] shape = Fixtures.shape(expected);
        double[] want = Fixtures.values(expected.get("data"));
        if (actual == null) {
            fail(what + " is null but PyTorch's has shape " + Arrays.toString(shape));
            return false;
        }
        int[] got = actual.shape().dims();
        if (!Arrays.equals(got, shape)) {
            fail(what + " has shape " + Arrays.toString(got) + " but PyTorch's has shape " + Arrays.toString(shape));
            return false;
        }
        return sameValues(what, actual.toArray(), want, shape);
    }

    /** Compares one number. */
    boolean same(String what, double actual, double expected) {
        return sameValues(what, new double[] {actual}, new double[] {expected}, new int[0]);
    }

    private boolean sameValues(String what, double[] got, double[] want, int[] shape) {
        int first = -1;
        int count = 0;
        double scale = 1;
        for (double w : want) {
            scale = normwise && Double.isFinite(w) ? Math.max(scale, Math.abs(w)) : scale;
        }
        for (int i = 0; i < want.length; i++) {
            if (!close(got[i], want[i], normwise ? atol * scale : atol)) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (count == 0) {
            return true;
        }
        String at = shape.length == 0 ? "" : " at " + index(first, shape);
        String more = want.length == 1 ? "" : " (" + count + " of " + want.length + " elements differ)";
        fail(what + " differs" + at + ": expected " + want[first] + " got " + got[first] + more);
        return false;
    }

    boolean close(double actual, double expected) {
        return close(actual, expected, atol);
    }

    private boolean close(double actual, double expected, double absolute) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (actual == expected) {
            return true;
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return false;
        }
        return Math.abs(actual - expected) <= absolute + rtol * Math.abs(expected);
    }

    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    /** Throws one AssertionError listing every failure, the case's name first. */
    void assertPassed(String caseName) {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(caseName).append(": ").append(failures.get(0));
        for (int i = 1; i < failures.size(); i++) {
            sb.append("\n  ").append(caseName).append(": ").append(failures.get(i));
        }
        if (note != null) {
            sb.append("\n  (").append(note).append(')');
        }
        throw new AssertionError(sb.toString(), firstCause);
    }
}
