package io.eventroute.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where {@code eventroute serve} keeps the DTDL models uploaded through its models API, beside its
 * routes: each change is durable when its method returns. Implemented by the server module's SQLite
 * store; the Kafka route store keeps no models. Implementations are thread-safe.
 */
public interface ModelStore {
    /** A stored model: its id, its DTDL document as given (JSON text), and when it was uploaded. */
    record StoredModel(String id, String document, Instant uploadTime) {
        public StoredModel {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(uploadTime, "uploadTime");
        }
    }

    /** Every stored model, in the order they were stored. */
    List<StoredModel> loadModels();

    /**
     * Stores all of {@code models} or, on failure, none; durable on return.
     *
     * @throws RouteStoreException when they could not be stored (an id stored already among them)
     */
    void addModels(List<StoredModel> models);

    /** Removes model {@code id}; durable on return. False when there was none. */
    boolean removeModel(String id);
}
