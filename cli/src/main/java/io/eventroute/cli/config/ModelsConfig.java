package io.eventroute.cli.config;

import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.TwinModels;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DTDL models of the configuration file ({@code models:}), each interface as JSON text and the set
 * they make, and its twin -> model map ({@code twins:}). Immutable; thread-safe.
 *
 * @param documents the interfaces, each as given (an interface from an array: written back alone)
 * @param set what {@code IS_OF_MODEL} follows
 * @param twinCapacity the capacity of the twin -> model map; 0 for no map
 * @param twinSeed what the map starts from (read from its seed file when the configuration was loaded)
 */
public record ModelsConfig(List<String> documents, ModelSet set, int twinCapacity, Map<String, String> twinSeed) {
    /** No models and no twin -> model map. */
    public static final ModelsConfig NONE = new ModelsConfig(List.of(), ModelSet.empty());

    public ModelsConfig {
        documents = List.copyOf(documents);
        Objects.requireNonNull(set, "set");
        twinSeed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(twinSeed));
    }

    /** Models without a twin -> model map. */
    public ModelsConfig(List<String> documents, ModelSet set) {
        this(documents, set, 0, Map.of());
    }

    /** A new twin -> model map as configured, seeded; null when there is none. */
    public TwinModels twinModels() {
        if (twinCapacity == 0) {
            return null;
        }
        TwinModels twins = new TwinModels(twinCapacity);
        twinSeed.forEach(twins::put);
        return twins;
    }
}
