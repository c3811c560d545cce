package io.eventroute.runtime.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A small read-only map from names, as UTF-8 bytes, to ints: lets the scanner recognise a member name
 * in the input without decoding it into a String. Open addressing; immutable; thread-safe.
 */
final class ByteNames {
    static final ByteNames EMPTY = new ByteNames(Map.of());

    private final byte[][] names;  // each padded with zeros to at least 8 bytes, for Words.same
    private final int[] lengths;
    private final int[] hashes;    // of the names: a probe that meets another name rarely compares bytes
    private final int[] values;
    private final int mask;

    ByteNames(Map<String, Integer> map) {
        int capacity = Integer.highestOneBit(Math.max(4, map.size() * 4) - 1) << 1;
        names = new byte[capacity][];
        lengths = new int[capacity];
        hashes = new int[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            int h = hash(name, 0, name.length);
            int i = h & mask;
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = Arrays.copyOf(name, Math.max(8, name.length));
            lengths[i] = name.length;
            hashes[i] = h;
            values[i] = e.getValue();
        }
    }

    boolean isEmpty() {
        for (byte[] n : names) {
            if (n != null) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code name}, or -1 (for names that had escapes in the input). */
    int get(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return get(bytes, 0, bytes.length);
    }

    /** The value of the name in {@code b[from, to)}, or -1. */
    int get(byte[] b, int from, int to) {
        return get(b, from, to, hash(b, from, to));
    }

    /** The same, with the bytes' {@link #hash} already known. */
    int get(byte[] b, int from, int to, int hash) {
        int i = hash & mask;
        while (true) {
            byte[] n = names[i];
            if (n == null) {
                return -1;
            }
            if (hashes[i] == hash && lengths[i] == to - from && Words.same(n, 0, b, from, to - from)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
    }

    /** Odd, with well-spread bits (2^64 / golden ratio): multiplying by it mixes a word into the hash. */
    static final long MIX = 0x9E3779B97F4A7C15L;

    /**
     * The hash of the bytes {@code b[from, to)} that the scanner computes on the way through a string:
     * each 8-byte chunk (little-endian) is mixed in by xor and a multiplication, then the last, partial
     * chunk (0-7 bytes, maybe none), and the high half of the result is the hash. One multiplication a
     * word, and its top bits are the best mixed (the string cache takes its set from them).
     */
    static int hash(byte[] b, int from, int to) {
        long h = 0;
        int p = from;
        for (; p <= to - 8; p += 8) {
            h = (h ^ Words.get(b, p)) * MIX;
        }
        long tail = 0;
        for (int k = 0; p + k < to; k++) {
            tail |= (b[p + k] & 0xFFL) << (k << 3);
        }
        return finish(h, tail);
    }

    /** The hash of bytes whose whole chunks mixed to {@code h} and whose last chunk is {@code tail}. */
    static int finish(long h, long tail) {
        return (int) (((h ^ tail) * MIX) >>> 32);
    }
}
