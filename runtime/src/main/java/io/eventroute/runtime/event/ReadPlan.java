package io.eventroute.runtime.event;

import io.eventroute.compiler.DataPointer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link SelectiveEvent} extracts from an event's JSON: the attributes and data pointers some
 * route reads, each given a slot. A requested pointer is read whole (a filter may compare or walk it);
 * a requested pointer below another one is resolved from that value afterwards. Immutable; thread-safe.
 */
public final class ReadPlan {
    final Map<String, Integer> attributeSlots;
    final Map<DataPointer, Integer> pointerSlots;
    final Node data;               // null when no route reads data
    final int slots;
    final ByteNames topLevel;      // attribute name -> slot, "data" -> DATA or SKIPPED_DATA, "data_base64" -> DATA_BASE64
    final int[] derivedSlots;      // pointer slots resolved from an ancestor's value
    final int[] derivedFrom;
    final DataPointer[] derivedRest;

    private ReadPlan(Collection<String> attributes, Collection<DataPointer> pointers) {
        attributeSlots = new HashMap<>();
        pointerSlots = new HashMap<>();
        int slot = 0;
        for (String a : attributes) {
            if (!a.equals("data") && !a.equals("data_base64")) {
                attributeSlots.put(a, slot++);
            }
        }
        List<DataPointer> sorted = new ArrayList<>(pointers);
        sorted.sort((x, y) -> Integer.compare(x.size(), y.size())); // ancestors before descendants
        Node root = sorted.isEmpty() ? null : new Node();
        List<int[]> derived = new ArrayList<>();
        List<DataPointer> rests = new ArrayList<>();
        for (DataPointer p : sorted) {
            int s = slot++;
            pointerSlots.put(p, s);
            Node n = root;
            int depth = 0;
            while (depth < p.size() && n.slot < 0) {
                n = n.child(p.step(depth));
                depth++;
            }
            if (n.slot >= 0) {
                // Below a pointer read whole (pointers are unique and come shortest first): resolve from its value.
                List<Object> rest = new ArrayList<>();
                for (int i = depth; i < p.size(); i++) {
                    rest.add(p.step(i));
                }
                derived.add(new int[] {s, n.slot});
                rests.add(DataPointer.of(rest));
            } else {
                n.slot = s;
            }
        }
        data = root;
        if (root != null) {
            root.freeze();
        }
        Map<String, Integer> names = new HashMap<>(attributeSlots);
        names.put("data", root != null ? DATA : SKIPPED_DATA);
        names.put("data_base64", DATA_BASE64);
        topLevel = new ByteNames(names);
        slots = slot;
        derivedSlots = new int[derived.size()];
        derivedFrom = new int[derived.size()];
        derivedRest = rests.toArray(new DataPointer[0]);
        for (int i = 0; i < derived.size(); i++) {
            derivedSlots[i] = derived.get(i)[0];
            derivedFrom[i] = derived.get(i)[1];
        }
    }

    /** The top-level name table's values for {@code data} (read, or not read by any route) and {@code data_base64}. */
    static final int DATA = -2;
    static final int SKIPPED_DATA = -3;
    static final int DATA_BASE64 = -4;

    /** A plan reading {@code attributes} and {@code pointers}. */
    public static ReadPlan of(Set<String> attributes, Set<DataPointer> pointers) {
        return new ReadPlan(attributes, pointers);
    }

    /** Number of values one event yields. */
    public int slots() {
        return slots;
    }

    /** A step of the data tree: children by member name or index; a slot when read whole here. */
    static final class Node {
        final Map<String, Node> members = new HashMap<>();
        final Map<Integer, Node> elements = new HashMap<>();
        int slot = -1;
        ByteNames memberNames = ByteNames.EMPTY; // member name -> index in children
        Node[] children = new Node[0];

        Node child(Object step) {
            return step instanceof String name ? members.computeIfAbsent(name, k -> new Node())
                    : elements.computeIfAbsent((Integer) step, k -> new Node());
        }

        /**
         * Builds the byte-name tables of this node and every node below once the tree is complete.
         * Iterative: a path may have tens of thousands of segments when the limits are raised.
         */
        void freeze() {
            ArrayDeque<Node> pending = new ArrayDeque<>();
            pending.push(this);
            while (!pending.isEmpty()) {
                Node n = pending.pop();
                Map<String, Integer> index = new HashMap<>();
                n.children = new Node[n.members.size()];
                int i = 0;
                for (Map.Entry<String, Node> e : n.members.entrySet()) {
                    index.put(e.getKey(), i);
                    n.children[i++] = e.getValue();
                    pending.push(e.getValue());
                }
                n.memberNames = new ByteNames(index);
                n.elements.values().forEach(pending::push);
            }
        }
    }
}
