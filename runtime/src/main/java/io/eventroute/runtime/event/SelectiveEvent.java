package io.eventroute.runtime.event;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import java.util.Arrays;
import java.util.List;

/**
 * An event view filled from JSON bytes in one streaming pass that extracts only what a
 * {@link ReadPlan} names: member names are matched as bytes, unused members and subtrees are skipped
 * without being decoded, and reading stops as soon as every wanted top-level member was seen (so
 * content after them is not validated, and skipped values are checked only for their structure). No
 * tree of the event is built; only the wanted values are, and repeated strings come from a cache. A
 * view is reused event after event by one thread: it is not thread-safe. The first occurrence of a
 * duplicated member counts.
 */
public final class SelectiveEvent implements EventView {
    private static final DataPointer ROOT = DataPointer.of(List.of());

    private final ReadPlan plan;
    private final Object[] values;
    private final JsonScanner scanner = new JsonScanner();

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
     * @throws InvalidEventException when the bytes are not a JSON object (up to the point reading
     *     stops), naming the line and column
     */
    public SelectiveEvent read(byte[] json) {
        Arrays.fill(values, null);
        JsonScanner s = scanner;
        s.reset(json);
        int first = s.peek();
        if (first != '{') {
            throw s.notAnObject(first);
        }
        s.expect('{', "'{'");
        int wanted = plan.topLevelNames;
        if (wanted > 0 && s.peek() != '}') {
            do {
                s.scanString();
                int slot = s.stringEscaped ? plan.topLevel.get(s.decodeString())
                        : plan.topLevel.get(json, s.stringStart, s.stringEnd, s.stringHash);
                s.expect(':', "':'");
                if (slot == ReadPlan.DATA) {
                    readNode(s, plan.data, json);
                    wanted--;
                } else if (slot >= 0 && values[slot] == null) {
                    values[slot] = s.readValue();
                    wanted--;
                } else {
                    s.skipValue();
                }
            } while (wanted > 0 && s.more('}'));
        }
        for (int i = 0; i < plan.derivedSlots.length; i++) {
            values[plan.derivedSlots[i]] = plan.derivedRest[i].resolve(values[plan.derivedFrom[i]]);
        }
        return this;
    }

    /** At a value that {@code node} describes. */
    private void readNode(JsonScanner s, ReadPlan.Node node, byte[] json) {
        if (node.slot >= 0) {
            values[node.slot] = s.readValue();
            return;
        }
        int c = s.peek();
        if (c == '{' && node.children.length > 0) {
            s.expect('{', "'{'");
            if (s.peek() == '}') {
                s.expect('}', "'}'");
                return;
            }
            do {
                s.scanString();
                // Member names are matched in place: the scanner's last string is json[stringStart, stringEnd).
                int child = s.stringEscaped ? node.memberNames.get(s.decodeString())
                        : node.memberNames.get(json, s.stringStart, s.stringEnd, s.stringHash);
                s.expect(':', "':'");
                if (child >= 0) {
                    readNode(s, node.children[child], json);
                } else {
                    s.skipValue();
                }
            } while (s.more('}'));
        } else if (c == '[' && !node.elements.isEmpty()) {
            s.expect('[', "'['");
            if (s.peek() == ']') {
                s.expect(']', "']'");
                return;
            }
            int i = 0;
            do {
                ReadPlan.Node child = node.elements.get(i++);
                if (child != null) {
                    readNode(s, child, json);
                } else {
                    s.skipValue();
                }
            } while (s.more(']'));
        } else {
            s.skipValue();
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
}
