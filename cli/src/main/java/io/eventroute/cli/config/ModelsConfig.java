package io.eventroute.cli.config;

import io.eventroute.compiler.ModelSet;
import java.util.List;
import java.util.Objects;

/**
 * The DTDL models of the configuration file: each interface as JSON text, and the set they make.
 * Immutable; thread-safe.
 *
 * @param documents the interfaces, each as given (an interface from an array: written back alone)
 * @param set what {@code IS_OF_MODEL} follows
 */
public record ModelsConfig(List<String> documents, ModelSet set) {
    /** No models. */
    public static final ModelsConfig NONE = new ModelsConfig(List.of(), ModelSet.empty());

    public ModelsConfig {
        documents = List.copyOf(documents);
        Objects.requireNonNull(set, "set");
    }
}
