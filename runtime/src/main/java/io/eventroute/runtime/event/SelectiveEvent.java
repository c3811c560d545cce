package io.eventroute.runtime.event;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The event reader: an event view filled from JSON bytes in one streaming pass that decodes only what
 * a {@link ReadPlan} names. Member names are matched as bytes and the other members are skipped
 * without being decoded, but the whole input is checked: it must be one JSON object (UTF-8, or
 * UTF-16/32 detected from its first bytes, with or without a byte-order mark) with nothing after it
 * but spaces, and no object in it may repeat a member name (a filter and a consumer could otherwise
 * disagree on which value counts). Errors name their line and column. No tree of the event is built;
 * only the wanted values are, and repeated strings come from a cache. The positions of the top-level
 * members are kept, so {@link #attributes()} and {@link #dataBytes()} can be had afterwards for
 * delivery. A view is reused event after event by one thread: it is not thread-safe.
 */
public final class SelectiveEvent implements EventView {
    private static final DataPointer ROOT = DataPointer.of(List.of());
    /** Attributes whose value differs from event to event: not worth keeping in the string cache. */
    private static final Set<String> UNIQUE_PER_EVENT = Set.of("id", "time", "traceparent", "tracestate");

    private final ReadPlan plan;
    private final Object[] values;
    private final JsonScanner scanner = new JsonScanner();
    private byte[] json;                 // the bytes read, converted to UTF-8 when they were not
    private int[] members = new int[32]; // where each top-level member's name starts
    private int memberCount;
    private int dataStart;               // the data member's value: json[dataStart, dataEnd); -1 when absent
    private int dataEnd;
    private int base64Start;             // the data_base64 member's value; -1 when absent

    /** A reader that extracts what {@code plan} names. */
    public SelectiveEvent(ReadPlan plan) {
        this.plan = plan;
        this.values = new Object[plan.slots];
    }

    /** The plan this reader follows. */
    public ReadPlan plan() {
        return plan;
    }

    /**
     * Reads {@code json}, replacing what the view held.
     *
     * @throws InvalidEventException when the bytes are not one JSON object without repeated member
     *     names, naming the line and column
     */
    public SelectiveEvent read(byte[] json) {
        Arrays.fill(values, null);
        memberCount = 0;
        dataStart = -1;
        base64Start = -1;
        byte[] b = JsonText.utf8(json);
        this.json = b;
        JsonScanner s = scanner;
        s.reset(b);
        s.checkUtf8();
        int first = s.peek();
        if (first != '{') {
            throw s.notAnObject(first);
        }
        s.enter();
        if (s.peek() == '}') {
            s.expect('}', "'}'");
        } else {
            s.openObject();
            do {
                s.peek();
                int at = s.position();
                s.name();
                int slot = s.stringEscaped ? plan.topLevel.get(s.decodeString())
                        : plan.topLevel.get(b, s.stringStart, s.stringEnd, s.stringHash);
                if (memberCount == members.length) {
                    members = Arrays.copyOf(members, memberCount * 2);
                }
                members[memberCount++] = at;
                if (slot >= 0) {
                    values[slot] = s.readValue();
                } else if (slot == ReadPlan.DATA || slot == ReadPlan.SKIPPED_DATA) {
                    s.peek();
                    dataStart = s.position();
                    if (slot == ReadPlan.DATA) {
                        readNode(s, plan.data, b);
                    } else {
                        s.skipValue();
                    }
                    dataEnd = s.position();
                } else {
                    if (slot == ReadPlan.DATA_BASE64) {
                        s.peek();
                        base64Start = s.position();
                    }
                    s.skipValue();
                }
            } while (s.more('}'));
            s.closeObject();
        }
        s.leave();
        s.finish();
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
            s.enter();
            if (s.peek() == '}') {
                s.expect('}', "'}'");
                s.leave();
                return;
            }
            s.openObject();
            do {
                s.name();
                // Member names are matched in place: the scanner's last string is json[stringStart, stringEnd).
                int child = s.stringEscaped ? node.memberNames.get(s.decodeString())
                        : node.memberNames.get(json, s.stringStart, s.stringEnd, s.stringHash);
                if (child >= 0) {
                    readNode(s, node.children[child], json);
                } else {
                    s.skipValue();
                }
            } while (s.more('}'));
            s.closeObject();
            s.leave();
        } else if (c == '[' && !node.elements.isEmpty()) {
            s.enter();
            if (s.peek() == ']') {
                s.expect(']', "']'");
                s.leave();
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
            s.leave();
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

    /** Whether the event read last has a {@code data} member. */
    public boolean hasData() {
        return dataStart >= 0;
    }

    /** Whether the event read last has a {@code data_base64} member. */
    public boolean hasDataBase64() {
        return base64Start >= 0;
    }

    /**
     * Every attribute of the event read last (the top-level members other than {@code data} and
     * {@code data_base64}), decoded now, in input order; unmodifiable.
     */
    public Map<String, Object> attributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        forEachAttribute(out::put);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Gives {@code action} each attribute of the event read last, as {@link #attributes()} has them, in
     * input order, decoded now (for a caller that builds its own map).
     */
    public void forEachAttribute(BiConsumer<String, Object> action) {
        JsonScanner s = scanner;
        for (int i = 0; i < memberCount; i++) {
            s.seek(members[i]);
            s.scanString();
            String name = s.decodeString();
            if (!name.equals("data") && !name.equals("data_base64")) {
                s.expect(':', "':'");
                action.accept(name, UNIQUE_PER_EVENT.contains(name) ? s.readUniqueValue() : s.readValue());
            }
        }
    }

    /**
     * The {@code data} member's bytes exactly as they are in the input (converted to UTF-8 if the input
     * was UTF-16/32), or the decoded {@code data_base64}; null when there is neither (or the base64 is
     * malformed).
     */
    public byte[] dataBytes() {
        if (dataStart >= 0) {
            return Arrays.copyOfRange(json, dataStart, dataEnd);
        }
        if (base64Start < 0) {
            return null;
        }
        scanner.seek(base64Start);
        Object text = scanner.readValue();
        try {
            return text instanceof String str ? Base64.getDecoder().decode(str) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
