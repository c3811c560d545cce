package io.eventroute.runtime.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The member names of the objects a {@link JsonScanner} is inside, so that a name an object already
 * has is refused at any depth without building anything: names are kept as spans of the input (an
 * escaped name as its decoded UTF-8 bytes) with their {@link ByteNames#hash}. A 64-bit filter of the
 * hashes per object answers "new" for most names without a search; else a small object is searched
 * linearly and one with many members has an open-addressing table. Reused event after event by one
 * thread; not thread-safe.
 */
final class MemberNames {
    private static final int LINEAR = 12;

    // The names of every open object, innermost last: bytes[i][start[i], start[i] + length[i]), where a
    // null bytes[i] stands for the event's own input. This object outlives many events, and under G1 each
    // store of a young array into it pays a write barrier with a memory fence: names read in place (all
    // but escaped ones) store null instead, and the input is stored once per event, by clear.
    private byte[][] bytes = new byte[64][];
    private byte[] input;
    private int[] start = new int[64];
    private int[] length = new int[64];
    private int[] hash = new int[64];
    private int top;
    // Per open object (by nesting level): where its names begin, and its table (entry + 1, 0 = free) once large.
    private int[] first = new int[16];
    private int[][] tables = new int[16][];
    private boolean[] tabled = new boolean[16];
    private long[] seen = new long[16]; // per open object: bit (hash >>> 26) set for each of its names
    private int level = -1;

    /** Forgets every object: a new event begins, whose names are read from {@code input} unless escaped. */
    void clear(byte[] input) {
        top = 0;
        level = -1;
        this.input = input;
    }

    /** Enters an object. */
    void open() {
        level++;
        if (level == first.length) {
            first = Arrays.copyOf(first, level * 2);
            tables = Arrays.copyOf(tables, level * 2);
            tabled = Arrays.copyOf(tabled, level * 2);
            seen = Arrays.copyOf(seen, level * 2);
        }
        first[level] = top;
        tabled[level] = false;
        seen[level] = 0;
    }

    /** Leaves the innermost object. */
    void close() {
        top = first[level];
        level--;
    }

    /**
     * Adds a name of the innermost object: {@code b[from, to)} with hash {@code h}, or, when
     * {@code decoded} is not null, that string (an escaped name).
     *
     * @return false when the object already has that name
     */
    boolean add(byte[] b, int from, int to, int h, String decoded) {
        if (decoded != null) {
            b = decoded.getBytes(StandardCharsets.UTF_8);
            from = 0;
            to = b.length;
            h = ByteNames.hash(b, 0, to);
        }
        int len = to - from;
        int lo = first[level];
        long bit = 1L << (h >>> 26); // the top bits: the table and the linear search look at the low ones
        if ((seen[level] & bit) == 0) {
            seen[level] |= bit; // no name of this object has that bit: certainly new
        } else if (tabled[level]) {
            int[] t = tables[level];
            int mask = t.length - 1;
            for (int i = h & mask; t[i] != 0; i = (i + 1) & mask) {
                if (same(t[i] - 1, b, from, len, h)) {
                    return false;
                }
            }
        } else {
            for (int i = lo; i < top; i++) {
                if (same(i, b, from, len, h)) {
                    return false;
                }
            }
        }
        push(b, from, len, h);
        if (tabled[level]) {
            insert(top - 1);
        } else if (top - lo > LINEAR) {
            tabled[level] = true;
            rebuild();
        }
        return true;
    }

    private boolean same(int i, byte[] b, int from, int len, int h) {
        if (hash[i] != h || length[i] != len) {
            return false;
        }
        byte[] held = bytes[i];
        return Arrays.equals(held == null ? input : held, start[i], start[i] + len, b, from, from + len);
    }

    private void push(byte[] b, int from, int len, int h) {
        if (top == bytes.length) {
            int n = top * 2;
            bytes = Arrays.copyOf(bytes, n);
            start = Arrays.copyOf(start, n);
            length = Arrays.copyOf(length, n);
            hash = Arrays.copyOf(hash, n);
        }
        bytes[top] = b == input ? null : b;
        start[top] = from;
        length[top] = len;
        hash[top] = h;
        top++;
    }

    // Keeps the innermost object's table at most half full.
    private void insert(int entry) {
        int[] t = tables[level];
        if (2 * (top - first[level]) > t.length) {
            rebuild();
            return;
        }
        int mask = t.length - 1;
        int i = hash[entry] & mask;
        while (t[i] != 0) {
            i = (i + 1) & mask;
        }
        t[i] = entry + 1;
    }

    private void rebuild() {
        int n = top - first[level];
        int size = Integer.highestOneBit(Math.max(n, 8) * 4);
        int[] t = tables[level];
        if (t == null || t.length < size) {
            t = new int[size];
            tables[level] = t;
        } else {
            Arrays.fill(t, 0);
        }
        int mask = t.length - 1;
        for (int e = first[level]; e < top; e++) {
            int i = hash[e] & mask;
            while (t[i] != 0) {
                i = (i + 1) & mask;
            }
            t[i] = e + 1;
        }
    }
}
