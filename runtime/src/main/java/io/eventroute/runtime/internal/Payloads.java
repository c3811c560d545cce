package io.eventroute.runtime.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Values by route id, immutable: a change copies the bucket array and one bucket, not the whole map, so
 * a table of 100k routes loads in linear time while every version stays a complete, unchanging
 * snapshot. Thread-safe.
 *
 * @param <V> the value type
 */
public final class Payloads<V> {
    private static final int BUCKETS = 256;
    private static final Payloads<?> EMPTY = new Payloads<>(newBuckets(), 0);

    private final Map<String, V>[] buckets;
    private final int size;

    private Payloads(Map<String, V>[] buckets, int size) {
        this.buckets = buckets;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <V> Payloads<V> empty() {
        return (Payloads<V>) EMPTY;
    }

    /** The value of {@code id}, or null. */
    public V get(String id) {
        Map<String, V> b = buckets[bucket(id)];
        return b == null ? null : b.get(id);
    }

    public int size() {
        return size;
    }

    /** This map with {@code value} under {@code id} (replacing any value); without it when {@code value} is null. */
    public Payloads<V> with(String id, V value) {
        if (value == null) {
            return without(id);
        }
        int i = bucket(id);
        Map<String, V> b = buckets[i] == null ? new HashMap<>() : new HashMap<>(buckets[i]);
        boolean added = b.put(id, value) == null;
        Map<String, V>[] next = Arrays.copyOf(buckets, BUCKETS);
        next[i] = b;
        return new Payloads<>(next, added ? size + 1 : size);
    }

    /** This map without {@code id} (this one when there is none). */
    public Payloads<V> without(String id) {
        int i = bucket(id);
        if (buckets[i] == null || !buckets[i].containsKey(id)) {
            return this;
        }
        Map<String, V> b = new HashMap<>(buckets[i]);
        b.remove(id);
        Map<String, V>[] next = Arrays.copyOf(buckets, BUCKETS);
        next[i] = b.isEmpty() ? null : b;
        return new Payloads<>(next, size - 1);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V>[] newBuckets() {
        return (Map<String, V>[]) new Map<?, ?>[BUCKETS];
    }

    private static int bucket(String id) {
        int h = id.hashCode();
        return (h ^ (h >>> 16)) & (BUCKETS - 1);
    }
}
