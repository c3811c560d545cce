package io.eventroute.runtime.event;

import java.nio.charset.StandardCharsets;

/**
 * The scanner's cache of short strings: events repeat them (types, sources, model ids, twin ids), so
 * a hit gives the string read before and allocates nothing. Each string is kept with a copy of its
 * bytes, compared a word at a time, and its {@link ByteNames#hash}. Two-way set-associative (the set
 * from the hash's best mixed bits, the older way replaced), so two strings that share a set do not
 * evict each other event after event. It starts small and grows (4 times, up to
 * {@value #MAX_SIZE} strings) while it misses often, as a stream of distinct events over many twins
 * makes it. One per scanner; not thread-safe.
 */
final class StringCache {
    private static final int INITIAL_BITS = 12;
    private static final int MAX_BITS = 16;
    static final int MAX_SIZE = 1 << MAX_BITS;
    /** Longer strings are not kept: they rarely repeat, and comparing them costs what building them does. */
    private static final int CACHEABLE_LENGTH = 96;
    /**
     * Lookups between two looks at the miss rate; the cache grows when more than one in
     * {@value #MISS_RATIO} of them missed. A cache that holds the stream's strings misses far less
     * (the cycled benchmark workload: under 1 in 1,000), so it stays at its first size.
     */
    private static final int WINDOW = 1 << 15;
    private static final int MISS_RATIO = 16;

    private int bits = INITIAL_BITS;
    private String[] strings = new String[1 << INITIAL_BITS];
    private byte[][] keys = new byte[1 << INITIAL_BITS][];   // the bytes of strings[i]
    private byte[] older = new byte[1 << (INITIAL_BITS - 1)]; // per set of two: the way to replace next
    // The full hash of each string: with many distinct strings the cache is cold memory, and comparing
    // these first spares reading a string and its bytes that cannot be the one.
    private int[] hashes = new int[1 << INITIAL_BITS];
    private int lookups;  // since the last look at the miss rate
    private int misses;

    /**
     * The string of {@code b[from, from + length)}, UTF-8 without escapes, whose {@link ByteNames#hash}
     * is {@code hash}: the cached one when it is there.
     */
    String get(byte[] b, int from, int length, int hash) {
        if (length > CACHEABLE_LENGTH) {
            return new String(b, from, length, StandardCharsets.UTF_8);
        }
        if (++lookups == WINDOW) {
            adjust();
        }
        int first = (hash >>> (32 - bits)) & ((1 << bits) - 2); // the best mixed bits pick the set
        int[] h = hashes;
        if (h[first] == hash) {
            String cached = strings[first];
            if (cached != null && cached.length() == length && Words.same(keys[first], 0, b, from, length)) {
                return cached;
            }
        }
        if (h[first + 1] == hash) {
            String cached = strings[first + 1];
            if (cached != null && cached.length() == length && Words.same(keys[first + 1], 0, b, from, length)) {
                return cached;
            }
        }
        misses++;
        String s = new String(b, from, length, StandardCharsets.UTF_8);
        if (s.length() == length) { // one char per byte: ASCII, so equal bytes mean an equal string
            int set = first >>> 1;
            int slot = first + older[set];
            older[set] ^= 1;
            byte[] key = keys[slot];
            if (key == null || key.length < length) {
                // Rounded up, so a slot gets a new array a few times at most, then reuses it.
                key = new byte[(length + 15) & ~15];
                keys[slot] = key;
            }
            System.arraycopy(b, from, key, 0, length);
            strings[slot] = s;
            h[slot] = hash;
        }
        return s;
    }

    /** How many strings the cache holds at most now. */
    int size() {
        return strings.length;
    }

    /**
     * At the end of a window of lookups: a cache that missed often is replaced by one 4 times larger,
     * empty (the strings of a stream of distinct events come back soon enough to fill it).
     */
    private void adjust() {
        if (misses > WINDOW / MISS_RATIO && bits < MAX_BITS) {
            bits = Math.min(MAX_BITS, bits + 2);
            int size = 1 << bits;
            strings = new String[size];
            keys = new byte[size][];
            older = new byte[size / 2];
            hashes = new int[size];
        }
        lookups = 0;
        misses = 0;
    }
}
