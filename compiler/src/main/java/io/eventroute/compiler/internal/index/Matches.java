package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.EventView;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One thread's scratch for a match: the event's field values, each read once on first use, and the
 * routes found (order and id) before ordering. Reused match after match by one thread; not thread-safe.
 * The scratch is long-lived, and under G1 each store of a non-null reference into a long-lived array
 * pays a write barrier with a memory fence: the match path stores as few references as it can (nulls
 * and primitives are free).
 */
final class Matches {
    private static final Object ABSENT = new Object();
    private static final int SMALL = 32;

    private Field[] fields = new Field[0];
    private Object[] values = new Object[0];   // by slot: null unread, ABSENT absent
    private int[] read = new int[0];
    private int reads;
    private long[] seqs = new long[64];
    private Object[] found = new Object[64];
    private int size;

    /** Starts a match whose fields by value slot are {@code slots}. */
    void begin(Field[] slots) {
        clearValues(); // after a match that failed half-way
        if (fields != slots) {
            fields = slots;
        }
        size = 0;
        if (values.length < slots.length) {
            values = new Object[slots.length];
            read = new int[slots.length];
        }
    }

    /** The value of the field in {@code slot} of {@code event} (null: absent), read the first time only. */
    Object value(int slot, EventView event) {
        Object v = values[slot];
        if (v != null) {
            return v == ABSENT ? null : v;
        }
        v = fields[slot].read(event);
        values[slot] = v == null ? ABSENT : v;
        read[reads++] = slot;
        return v;
    }

    /** Ends the match: the scratch outlives it, so it lets go of the event's values. */
    void end() {
        clearValues();
    }

    private void clearValues() {
        for (int i = 0; i < reads; i++) {
            values[read[i]] = null;
        }
        reads = 0;
    }

    void add(long seq, Object id) {
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
            found = Arrays.copyOf(found, size * 2);
        }
        seqs[size] = seq;
        found[size++] = id;
    }

    /** The ids found, in route order, each once. */
    List<String> ids() {
        int n = size;
        if (n == 0) {
            return List.of();
        }
        Object[] out = new Object[n];
        int distinct = n <= SMALL ? sortSmall(out) : sortLarge(out);
        for (int i = 0; i < n; i++) {
            found[i] = null; // let removed routes' ids be collected
        }
        return new IdList(out, distinct);
    }

    /**
     * Orders by sorting primitive keys (order number and position) rather than moving references, then
     * writes the ids, each once, to {@code out}, which is young. Returns how many.
     */
    private int sortSmall(Object[] out) {
        long[] s = seqs;
        for (int i = 0; i < size; i++) {
            s[i] = s[i] << 6 | i;
        }
        for (int i = 1; i < size; i++) {
            long key = s[i];
            int j = i - 1;
            while (j >= 0 && s[j] > key) {
                s[j + 1] = s[j];
                j--;
            }
            s[j + 1] = key;
        }
        int n = 0;
        for (int i = 0; i < size; i++) {
            // A route filed under two disjuncts may be here twice: equal order numbers are side by side.
            if (i == 0 || s[i] >>> 6 != s[i - 1] >>> 6) {
                out[n++] = found[(int) (s[i] & 63)];
            }
        }
        return n;
    }

    private int sortLarge(Object[] out) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(seqs[a], seqs[b]));
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || seqs[order[i]] != seqs[order[i - 1]]) {
                out[n++] = found[order[i]];
            }
        }
        return n;
    }

    /** The first {@code size} ids of an array no one else holds: an immutable list without a copy. */
    private static final class IdList extends AbstractList<String> implements RandomAccess {
        private final Object[] ids;
        private final int size;

        IdList(Object[] ids, int size) {
            this.ids = ids;
            this.size = size;
        }

        @Override
        public String get(int index) {
            Objects.checkIndex(index, size);
            return (String) ids[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
