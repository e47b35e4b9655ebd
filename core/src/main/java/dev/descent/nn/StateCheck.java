package dev.descent.nn;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares a state dictionary with a module's own, so that loading fails before anything is changed. */
final class StateCheck {
    private StateCheck() {
    }

    /**
     * Throws unless every key of {@code given} is one of {@code own} with the same shape and, when
     * {@code strict}, every key of {@code own} is given. The message lists every problem at once.
     */
    static void requireMatch(String op, Map<String, Tensor> own, Map<String, Tensor> given, boolean strict) {
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        if (strict) {
            for (String name : own.keySet()) {
                if (!given.containsKey(name)) {
                    missing.add(name);
                }
            }
        }
        for (Map.Entry<String, Tensor> e : given.entrySet()) {
            Tensor mine = own.get(e.getKey());
            Tensor theirs = e.getValue();
            if (mine == null) {
                unexpected.add(e.getKey());
            } else if (theirs == null) {
                mismatched.add(e.getKey() + " is null");
            } else if (!theirs.shape().equals(mine.shape())) {
                mismatched.add(e.getKey() + " has shape " + theirs.shape() + " but the module's has shape " + mine.shape());
            }
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected + " (the module has " + own.keySet() + ")");
        }
        if (!mismatched.isEmpty()) {
            problems.add("shape mismatch: " + String.join(", ", mismatched));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(op + ": " + String.join("; ", problems));
        }
    }
}
