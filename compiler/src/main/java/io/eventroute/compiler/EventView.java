package io.eventroute.compiler;

import io.eventroute.compiler.internal.eval.MapEventView;
import java.util.Map;

/**
 * Read access to one CloudEvent, as compiled filters see it. Implementations decide how the event is
 * stored (a decoded JSON tree, a selective reader over bytes, AMQP properties, an SDK object); filters
 * only ask for the attributes and data paths they use.
 *
 * <p>Values are JSON values in Java form: {@link String}, {@link Boolean}, {@link Long},
 * {@link java.math.BigInteger} (integers beyond 64 bits), {@link Double}, {@link JsonNull#INSTANCE},
 * {@link java.util.List} and {@link java.util.Map} (with String keys) of such values. Java
 * {@code null} means absent.
 *
 * <p>Implementations must be safe to read from one thread at a time at least; a view is normally used
 * by the thread that decoded the event.
 */
public interface EventView {

    /** The context attribute {@code name} ({@code type}, {@code subject}, an extension), or null when absent. */
    Object attribute(String name);

    /** The event's {@code data} as a JSON value, or null when the event has none. */
    Object data();

    /**
     * The value at {@code pointer} inside {@code data}, or null when absent. Views that read selectively
     * override this to answer from what they extracted without building the whole tree.
     */
    default Object data(DataPointer pointer) {
        return pointer.resolve(data());
    }

    /**
     * The model of the twin this event is about, for an event that does not carry one (a relationship
     * event: its source twin; telemetry without {@code dataschema}), when the view knows it from a twin
     * -> model map; null otherwise (the default). {@code $model} falls back on it.
     */
    default Object modelOfTwin() {
        return null;
    }

    /**
     * A view over an event held as a map of its structured-mode JSON members ({@code "type"},
     * {@code "data"}, ...). Numbers are normalized (Integer to Long, Float to Double, BigDecimal to
     * Double) and Java null members to {@link JsonNull}. The map is copied.
     */
    static EventView of(Map<String, ?> event) {
        return MapEventView.of(event);
    }
}
