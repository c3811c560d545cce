package io.eventroute.runtime.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import java.io.IOException;
import java.util.Arrays;

/**
 * An event view filled from JSON bytes in one streaming pass that extracts only what a
 * {@link ReadPlan} names: unused members and subtrees are skipped without being decoded, and reading
 * stops as soon as every wanted top-level member was seen (so content after them is not validated).
 * No tree of the event is built; only the wanted values are. A view is reused event after event by one
 * thread: it is not thread-safe. The first occurrence of a duplicated member counts.
 */
public final class SelectiveEvent implements EventView {
    private final ReadPlan plan;
    private final Object[] values;

    public SelectiveEvent(ReadPlan plan) {
        this.plan = plan;
        this.values = new Object[plan.slots];
    }

    public ReadPlan plan() {
        return plan;
    }

    /**
     * Reads {@code json}, replacing what the view held.
     *
     * @throws InvalidEventException when the bytes are not a JSON object (up to the point reading stops)
     */
    public SelectiveEvent read(byte[] json) {
        Arrays.fill(values, null);
        try (JsonParser p = JsonEvent.FACTORY.createParser(json)) {
            readObject(p);
        } catch (IOException e) {
            throw new JsonEvent.Reader(json, null).invalid(e);
        }
        for (int i = 0; i < plan.derivedSlots.length; i++) {
            values[plan.derivedSlots[i]] = plan.derivedRest[i].resolve(values[plan.derivedFrom[i]]);
        }
        return this;
    }

    private void readObject(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidEventException(first == null ? "the event is empty: expected a JSON object"
                    : "the event must be a JSON object", 1, 1);
        }
        int wanted = plan.topLevelNames;
        while (wanted > 0 && p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("data")) {
                if (plan.data != null) {
                    readNode(p, plan.data);
                    wanted--;
                    continue;
                }
            } else {
                Integer slot = plan.attributeSlots.get(name);
                if (slot != null) {
                    if (values[slot] == null) {
                        values[slot] = JsonValues.read(p);
                        wanted--;
                    } else {
                        p.skipChildren();
                    }
                    continue;
                }
            }
            p.skipChildren();
        }
    }

    /** At the first token of a value that {@code node} describes. */
    private void readNode(JsonParser p, ReadPlan.Node node) throws IOException {
        if (node.slot >= 0) {
            values[node.slot] = JsonValues.read(p);
            return;
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT && !node.members.isEmpty()) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                ReadPlan.Node child = node.members.get(p.currentName());
                p.nextToken();
                if (child != null) {
                    readNode(p, child);
                } else {
                    p.skipChildren();
                }
            }
        } else if (t == JsonToken.START_ARRAY && !node.elements.isEmpty()) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                ReadPlan.Node child = node.elements.get(i++);
                if (child != null) {
                    readNode(p, child);
                } else {
                    p.skipChildren();
                }
            }
        } else {
            p.skipChildren();
        }
    }

    @Override
    public Object attribute(String name) {
        Integer slot = plan.attributeSlots.get(name);
        return slot == null ? null : values[slot];
    }

    @Override
    public Object data() {
        Integer slot = plan.pointerSlots.get(ROOT);
        return slot == null ? null : values[slot];
    }

    @Override
    public Object data(DataPointer pointer) {
        Integer slot = plan.pointerSlots.get(pointer);
        return slot == null ? null : values[slot];
    }

    private static final DataPointer ROOT = DataPointer.of(java.util.List.of());
}
