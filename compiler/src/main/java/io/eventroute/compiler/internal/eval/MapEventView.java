package io.eventroute.compiler.internal.eval;

import io.eventroute.compiler.EventView;
import java.util.Collections;
import java.util.Map;

/** An event view over a map of structured-mode members; immutable after construction. */
public final class MapEventView implements EventView {
    private final Map<String, Object> members;
    private final Object data;

    private MapEventView(Map<String, Object> members) {
        this.members = members;
        this.data = members.get("data");
    }

    @SuppressWarnings("unchecked")
    public static MapEventView of(Map<String, ?> event) {
        return new MapEventView(Collections.unmodifiableMap((Map<String, Object>) Values.normalize(event)));
    }

    @Override
    public Object attribute(String name) {
        // data and data_base64 are the payload, not attributes.
        if (name.equals("data") || name.equals("data_base64")) {
            return null;
        }
        return members.get(name);
    }

    @Override
    public Object data() {
        return data;
    }
}
