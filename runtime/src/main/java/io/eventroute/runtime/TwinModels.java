package io.eventroute.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.runtime.event.CloudEventFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model of each twin, learned from the Twin.Create, Twin.Update and Twin.Delete events that pass
 * (optionally seeded from a file), so that {@code $model} and {@code IS_OF_MODEL} work on events that
 * carry no model: relationship events get their source twin's model, telemetry without
 * {@code dataschema} its twin's (the twin at the end of its {@code source}). Bounded: past its capacity the least
 * recently used twin leaves first. A twin it does not know leaves {@code $model} absent. A router with
 * a map reads the ids and models of twins from every event, whatever its routes read. Thread-safe (one
 * lock, held for a map operation).
 */
public final class TwinModels {
    /** A capacity for a map when nothing says otherwise: twins one process routes events about. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final String CREATE = "Microsoft.DigitalTwins.Twin.Create";
    private static final String UPDATE = "Microsoft.DigitalTwins.Twin.Update";
    private static final String DELETE = "Microsoft.DigitalTwins.Twin.Delete";
    private static final String RELATIONSHIP = "Microsoft.DigitalTwins.Relationship.";
    private static final String TELEMETRY = "microsoft.iot.telemetry";
    private static final DataPointer METADATA_MODEL = DataPointer.of(List.of("$metadata", "$model"));
    private static final DataPointer MODEL_ID = DataPointer.of(List.of("modelId"));
    private static final DataPointer SOURCE_ID = DataPointer.of(List.of("$sourceId"));
    private static final DataPointer DT_ID = DataPointer.of(List.of("$dtId"));
    /** What the map reads from every event (beside {@code type} and {@code subject}), whatever the routes read. */
    static final java.util.Set<DataPointer> READS = java.util.Set.of(METADATA_MODEL, MODEL_ID, SOURCE_ID, DT_ID);

    private final int capacity;
    private final LinkedHashMap<String, String> models;

    /** An empty map holding at most {@code capacity} twins. */
    public TwinModels(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the capacity of a twin -> model map must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.models = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > TwinModels.this.capacity;
            }
        };
    }

    /**
     * A map of {@code capacity} twins seeded from {@code file}: one JSON object of twin id to model id.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not such an object, saying why
     */
    public static TwinModels seeded(int capacity, Path file) {
        TwinModels twins = new TwinModels(capacity);
        Object parsed;
        try {
            parsed = JsonMapper.builder().build().readValue(Files.readAllBytes(file), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the twin models file " + file + " is not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the twin models file " + file + " (" + e.getMessage() + ")", e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the twin models file " + file + " must be a JSON object of twin id to model id");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String model)) {
                throw new IllegalArgumentException("the twin models file " + file + ": twin '" + e.getKey()
                        + "' has no model id string");
            }
            twins.put((String) e.getKey(), model);
        }
        return twins;
    }

    /** The model of twin {@code twinId}, or null when unknown (it then counts as used most recently). */
    public synchronized String modelOf(String twinId) {
        return models.get(twinId);
    }

    /** Records that twin {@code twinId} is of model {@code modelId}. */
    public synchronized void put(String twinId, String modelId) {
        models.put(Objects.requireNonNull(twinId, "twinId"), Objects.requireNonNull(modelId, "modelId"));
    }

    public synchronized int size() {
        return models.size();
    }

    /** A copy of the map, twin id to model id, the least recently used first. */
    public synchronized Map<String, String> toMap() {
        return new LinkedHashMap<>(models);
    }

    /**
     * Learns from a twin event: Twin.Create and Twin.Update record the twin's model, Twin.Delete forgets
     * the twin. The twin is {@code data.$dtId}, or else {@code subject}. Other events change nothing.
     */
    public void learn(EventView event) {
        Lesson lesson = lessonOf(event);
        if (lesson != null) {
            apply(lesson);
        }
    }

    /** What a twin event teaches: the twin and its model (null: the twin was deleted). */
    private record Lesson(String twin, String model) {
    }

    /** What {@code event} teaches, or null when nothing (see {@link #learn}). */
    private static Lesson lessonOf(EventView event) {
        Object type = event.attribute("type");
        if (!(type instanceof String t) || !t.startsWith("Microsoft.DigitalTwins.Twin.")) {
            return null;
        }
        Object id = event.data(DT_ID);
        if (!(id instanceof String)) {
            id = event.attribute("subject");
        }
        if (!(id instanceof String twin)) {
            return null;
        }
        if (t.equals(DELETE)) {
            return new Lesson(twin, null);
        }
        Object model = t.equals(CREATE) ? event.data(METADATA_MODEL) : t.equals(UPDATE) ? event.data(MODEL_ID) : null;
        return model instanceof String m ? new Lesson(twin, m) : null;
    }

    private void apply(Lesson lesson) {
        if (lesson.model == null) {
            synchronized (this) {
                models.remove(lesson.twin);
            }
        } else {
            put(lesson.twin, lesson.model);
        }
    }

    /** A draft for routing several events as one unit: see {@link Draft}. */
    Draft draft() {
        return new Draft();
    }

    /**
     * What the events of one request teach, kept aside until the request is accepted: its later events
     * see what its earlier ones taught (a twin created, then its telemetry), and a request refused
     * whole teaches the map nothing. Not thread-safe: one request's thread.
     */
    final class Draft {
        private Map<String, String> taught; // twin -> model, null for a deleted twin; null until a lesson
        private List<Lesson> lessons;

        private Draft() {
        }

        /** As {@link TwinModels#view}, with this draft's lessons before the map's. */
        EventView view(EventView event) {
            return TwinModels.view(event, this::modelOf);
        }

        /** As {@link TwinModels#learn}, into this draft. */
        void learn(EventView event) {
            Lesson lesson = lessonOf(event);
            if (lesson != null) {
                if (taught == null) {
                    taught = new java.util.HashMap<>();
                    lessons = new java.util.ArrayList<>();
                }
                taught.put(lesson.twin, lesson.model);
                lessons.add(lesson);
            }
        }

        /** Teaches the map what the draft learned, in order. */
        void commit() {
            if (lessons != null) {
                lessons.forEach(TwinModels.this::apply);
            }
        }

        private String modelOf(String twin) {
            return taught != null && taught.containsKey(twin) ? taught.get(twin) : TwinModels.this.modelOf(twin);
        }
    }

    /**
     * {@code event}, or for an event that may need its twin's model (relationship events, telemetry) a
     * view of it whose {@link EventView#modelOfTwin()} looks the twin up here.
     */
    public EventView view(EventView event) {
        return view(event, this::modelOf);
    }

    /** {@code event}, or for an event that may need its twin's model a view that asks {@code models}. */
    private static EventView view(EventView event, java.util.function.UnaryOperator<String> models) {
        Object type = event.attribute("type");
        if (type instanceof String t && (t.startsWith(RELATIONSHIP) || t.equals(TELEMETRY))) {
            return new TwinView(event, models);
        }
        return event;
    }

    /**
     * The twin an event is about: a relationship's {@code data.$sourceId}; else the twin the router keys
     * the event by ({@link CloudEventFormat#partitionKey(EventView)}): for telemetry the twin at the end of
     * {@code source} ({@code <host>/digitaltwins/<twin>}, its {@code subject} being the component), for
     * others the twin {@code subject} starts with.
     */
    static String twinOf(EventView event) {
        Object source = event.data(SOURCE_ID);
        if (source instanceof String s) {
            return s;
        }
        return CloudEventFormat.partitionKey(event);
    }

    /** An event with its twin's model from the map. */
    private static final class TwinView implements EventView {
        private final EventView event;
        private final java.util.function.UnaryOperator<String> models;

        TwinView(EventView event, java.util.function.UnaryOperator<String> models) {
            this.event = event;
            this.models = models;
        }

        @Override
        public Object attribute(String name) {
            return event.attribute(name);
        }

        @Override
        public Object data() {
            return event.data();
        }

        @Override
        public Object data(DataPointer pointer) {
            return event.data(pointer);
        }

        @Override
        public Object modelOfTwin() {
            String twin = twinOf(event);
            return twin == null ? null : models.apply(twin);
        }
    }
}
