package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.Stochastic;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves and restores the random state of every {@link Stochastic} module in a network, under
 * the module's position: {@code module} for the root, {@code module.3} for its child 3, and so on.
 */
final class RandomStates {
    private RandomStates() {
    }

    /** {@code <path>.seed_high}, {@code <path>.seed_low} and {@code <path>.draws} for each stochastic module. */
    static Map<String, Tensor> save(Module root) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stochastic(root).forEach((path, s) -> {
            out.put(path + ".seed_high", Tensor.of((double) (s.seed() >> 32)));
            out.put(path + ".seed_low", Tensor.of((double) (s.seed() & 0xFFFFFFFFL)));
            out.put(path + ".draws", Tensor.of((double) s.draws()));
        });
        return out;
    }

    /** Restores a state from {@link #save}; checks all of it first. */
    static void load(Module root, Map<String, Tensor> state) {
        Map<String, Stochastic> modules = stochastic(root);
        if (state.size() != 3 * modules.size()) {
            throw new IllegalArgumentException("checkpoint: the random state has " + state.size() / 3 + " random"
                    + " modules but the model has " + modules.size() + " (such as Dropout); rebuild the same model");
        }
        long[][] values = new long[modules.size()][];
        int i = 0;
        for (String path : modules.keySet()) {
            long high = whole(state, path + ".seed_high");
            long low = whole(state, path + ".seed_low");
            long draws = whole(state, path + ".draws");
            values[i++] = new long[] {(high << 32) | low, draws};
        }
        i = 0;
        for (Stochastic s : modules.values()) {
            s.setRandomState(values[i][0], values[i][1]);
            i++;
        }
    }

    private static long whole(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null || t.numel() != 1 || t.item() != Math.rint(t.item()) || Math.abs(t.item()) > 0x1p53) {
            throw new IllegalArgumentException("checkpoint: random state '" + key + "' is "
                    + (t == null ? "missing; the model's random modules differ from the saved one's" : "not a whole number"));
        }
        return (long) t.item();
    }

    // Breadth first, children in registration order; a module reachable twice counts once.
    private static Map<String, Stochastic> stochastic(Module root) {
        Map<String, Stochastic> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Map.Entry<String, Module>> queue = new ArrayDeque<>();
        queue.add(Map.entry("module", root));
        while (!queue.isEmpty()) {
            Map.Entry<String, Module> e = queue.poll();
            if (!seen.add(e.getValue())) {
                continue;
            }
            if (e.getValue() instanceof Stochastic s) {
                out.put(e.getKey(), s);
            }
            List<Module> children = e.getValue().children();
            for (int c = 0; c < children.size(); c++) {
                queue.add(Map.entry(e.getKey() + "." + c, children.get(c)));
            }
        }
        return out;
    }
}
