package io.eventroute.runtime.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Values by route id, immutable: a two-level array trie (64 x 64) over small hash maps, so a change
 * copies two short arrays and one small map, not the whole map: a table of 100k routes loads in
 * linear time while every version stays a complete, unchanging snapshot. Thread-safe.
 *
 * <p>The trie takes its indexes from the top bits of a multiplicative hash, the leaf maps their bins
 * from the low bits of {@link String#hashCode}: the two must differ, or every key of a leaf falls into
 * the same few bins of its map (seen: 100,000 puts took 16 s).
 *
 * @param <V> the value type
 */
public final class Payloads<V> {
    private static final int BITS = 6;
    private static final int WIDTH = 1 << BITS;
    private static final Payloads<?> EMPTY = new Payloads<>(new Object[WIDTH], 0);

    // WIDTH slots, each null or an Object[WIDTH] of null or Map<String, V>
    private final Object[] root;
    private final int size;

    private Payloads(Object[] root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <V> Payloads<V> empty() {
        return (Payloads<V>) EMPTY;
    }

    /** The value of {@code id}, or null. */
    public V get(String id) {
        Map<String, V> leaf = leaf(root, hash(id));
        return leaf == null ? null : leaf.get(id);
    }

    public int size() {
        return size;
    }

    /** This map with {@code value} under {@code id} (replacing any value); without it when {@code value} is null. */
    public Payloads<V> with(String id, V value) {
        if (value == null) {
            return without(id);
        }
        int h = hash(id);
        Map<String, V> old = leaf(root, h);
        Map<String, V> leaf = old == null ? new HashMap<>() : new HashMap<>(old);
        boolean added = leaf.put(id, value) == null;
        return new Payloads<>(replace(root, h, leaf), added ? size + 1 : size);
    }

    /** This map without {@code id} (this one when there is none). */
    public Payloads<V> without(String id) {
        int h = hash(id);
        Map<String, V> old = leaf(root, h);
        if (old == null || !old.containsKey(id)) {
            return this;
        }
        Map<String, V> leaf = new HashMap<>(old);
        leaf.remove(id);
        return new Payloads<>(replace(root, h, leaf.isEmpty() ? null : leaf), size - 1);
    }

    /**
     * This map with each of {@code ids} set to {@code value.apply(id)} (removed where that is null), as
     * one {@link #with} each would give, but copying each leaf, middle array and the root once for all:
     * per route, the copy of a leaf's map was most of a change once leaves held dozens of routes.
     */
    @SuppressWarnings("unchecked")
    public Payloads<V> withAll(Iterable<String> ids, java.util.function.Function<String, ? extends V> value) {
        Object[] nextRoot = root.clone();
        boolean[] midCopied = new boolean[WIDTH];
        Map<Integer, Map<String, V>> copiedLeaves = new HashMap<>();
        int nextSize = size;
        for (String id : ids) {
            int h = hash(id);
            int i = h >>> (32 - BITS);
            int j = (h >>> (32 - 2 * BITS)) & (WIDTH - 1);
            Map<String, V> leaf = copiedLeaves.get(i * WIDTH + j);
            if (leaf == null) {
                Map<String, V> old = leaf(root, h);
                leaf = old == null ? new HashMap<>() : new HashMap<>(old);
                copiedLeaves.put(i * WIDTH + j, leaf);
                if (!midCopied[i]) {
                    nextRoot[i] = nextRoot[i] == null ? new Object[WIDTH] : ((Object[]) nextRoot[i]).clone();
                    midCopied[i] = true;
                }
            }
            V v = value.apply(id);
            if (v == null) {
                nextSize -= leaf.remove(id) != null ? 1 : 0;
            } else {
                nextSize += leaf.put(id, v) == null ? 1 : 0;
            }
        }
        for (Map.Entry<Integer, Map<String, V>> e : copiedLeaves.entrySet()) {
            int i = e.getKey() / WIDTH;
            ((Object[]) nextRoot[i])[e.getKey() % WIDTH] = e.getValue().isEmpty() ? null : e.getValue();
        }
        return new Payloads<>(nextRoot, nextSize);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> leaf(Object[] root, int h) {
        Object[] mid = (Object[]) root[h >>> (32 - BITS)];
        return mid == null ? null : (Map<String, V>) mid[(h >>> (32 - 2 * BITS)) & (WIDTH - 1)];
    }

    private static Object[] replace(Object[] root, int h, Map<?, ?> leaf) {
        int i = h >>> (32 - BITS);
        Object[] mid = root[i] == null ? new Object[WIDTH] : ((Object[]) root[i]).clone();
        mid[(h >>> (32 - 2 * BITS)) & (WIDTH - 1)] = leaf;
        Object[] next = root.clone();
        next[i] = mid;
        return next;
    }

    private static int hash(String id) {
        return id.hashCode() * 0x9E3779B9; // odd: 2^32 / golden ratio; its top bits mix all of hashCode's
    }
}
