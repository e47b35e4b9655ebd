package dev.descent.io;

import dev.descent.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a safetensors file holds: named tensors and string metadata, both in file order (the dict
 * that {@code safetensors.torch.load_file} returns, plus {@code safe_open(...).metadata()}).
 *
 * @param tensors  the tensors by name, in the order of the header
 * @param metadata the {@code __metadata__} strings, empty when the file has none
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /** Keeps unmodifiable copies that preserve the given order. */
    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws IllegalArgumentException when there is none; the message names the first few tensors
     *     the file holds and how many more there are
     */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(Messages.capped("safetensors: no tensor '" + Messages.shown(name)
                    + "'; the file holds " + Messages.list(tensors.keySet())));
        }
        return t;
    }
}
