package dev.descent.optim;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an optimizer's flattened state dict ({@code lr}, {@code state.<i>.step},
 * {@code state.<i>.<buffer>}) and checks all of it before the optimizer changes anything.
 */
final class StateDicts {
    private StateDicts() {
    }

    /** A checked state: the learning rate, one step count and one buffer map per parameter. */
    record Loaded(double learningRate, long[] steps, List<Map<String, Tensor>> buffers) {
    }

    static Loaded parse(String op, Map<String, Tensor> state, List<Tensor> params, Set<String> names) {
        String where = op + ".loadStateDict";
        if (state == null) {
            throw new IllegalArgumentException(where + ": the state is null; pass the map returned by stateDict()");
        }
        int n = params.size();
        Tensor lr = state.get("lr");
        if (lr == null) {
            throw new IllegalArgumentException(where + ": entry 'lr' is missing; pass the map returned by stateDict()");
        }
        double learningRate = scalar(where, "lr", lr);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(where + ": entry 'lr' is " + learningRate + "; it must be finite and not negative");
        }
        long[] steps = new long[n];
        boolean[] hasStep = new boolean[n];
        List<Map<String, Tensor>> buffers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            buffers.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("lr")) {
                continue;
            }
            String[] parts = key.split("\\.", 3);
            int index = parts.length == 3 && parts[0].equals("state") ? parseIndex(parts[1]) : -1;
            if (index < 0 || index >= n) {
                throw new IllegalArgumentException(where + ": unknown entry '" + key + "'; expected 'lr' or"
                        + " 'state.<i>.<name>' with i from 0 to " + (n - 1));
            }
            Tensor value = e.getValue();
            if (value == null) {
                throw new IllegalArgumentException(where + ": entry '" + key + "' is null");
            }
            if (parts[2].equals("step")) {
                double s = scalar(where, key, value);
                if (!(s >= 0) || s != Math.rint(s) || s > 1L << 53) {
                    throw new IllegalArgumentException(where + ": entry '" + key + "' is " + s
                            + "; a step count must be a whole number not below 0");
                }
                steps[index] = (long) s;
                hasStep[index] = true;
            } else if (names.contains(parts[2])) {
                Tensor p = params.get(index);
                if (!value.shape().equals(p.shape())) {
                    throw new IllegalArgumentException(where + ": entry '" + key + "' has shape " + value.shape()
                            + " but parameter " + index + " has shape " + p.shape()
                            + "; the state belongs to different parameters");
                }
                // in the parameter's type: a float32 model resumed from a file keeps float32 state
                Tensor v = value.detach();
                buffers.get(index).put(parts[2], v.dtype() == p.dtype() ? v.clone() : v.to(p.dtype()));
            } else {
                throw new IllegalArgumentException(where + ": unknown buffer '" + parts[2] + "' in entry '" + key
                        + "'; " + op + " keeps " + new TreeSet<>(names));
            }
        }
        for (int i = 0; i < n; i++) {
            if (!hasStep[i]) {
                throw new IllegalArgumentException(where + ": entry 'state." + i + ".step' is missing; the state has"
                        + " fewer parameters than this optimizer (" + n + ")");
            }
        }
        return new Loaded(learningRate, steps, buffers);
    }

    private static double scalar(String where, String key, Tensor t) {
        if (t.numel() != 1) {
            throw new IllegalArgumentException(where + ": entry '" + key + "' has shape " + t.shape()
                    + "; it must hold one number");
        }
        return t.item();
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }
}
