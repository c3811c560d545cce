package io.eventroute.kafka.internal;

import io.eventroute.runtime.EventRoute;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Routes by id, immutable: a change copies the bucket array and one bucket, not the whole map, so a
 * table of 100k routes loads in linear time while every version stays a complete, unchanging snapshot.
 * Thread-safe.
 */
public final class RouteTargets {
    private static final int BUCKETS = 256;
    private static final RouteTargets EMPTY = new RouteTargets(newBuckets(), 0);

    private final Map<String, EventRoute>[] buckets;
    private final int size;

    private RouteTargets(Map<String, EventRoute>[] buckets, int size) {
        this.buckets = buckets;
        this.size = size;
    }

    public static RouteTargets empty() {
        return EMPTY;
    }

    public EventRoute get(String id) {
        Map<String, EventRoute> b = buckets[bucket(id)];
        return b == null ? null : b.get(id);
    }

    public int size() {
        return size;
    }

    /** This map with {@code route} under its id (replacing any route with that id). */
    public RouteTargets with(EventRoute route) {
        int i = bucket(route.id());
        Map<String, EventRoute> b = buckets[i] == null ? new HashMap<>() : new HashMap<>(buckets[i]);
        boolean added = b.put(route.id(), route) == null;
        Map<String, EventRoute>[] next = Arrays.copyOf(buckets, BUCKETS);
        next[i] = b;
        return new RouteTargets(next, added ? size + 1 : size);
    }

    /** This map without route {@code id} (this one when there is none). */
    public RouteTargets without(String id) {
        int i = bucket(id);
        if (buckets[i] == null || !buckets[i].containsKey(id)) {
            return this;
        }
        Map<String, EventRoute> b = new HashMap<>(buckets[i]);
        b.remove(id);
        Map<String, EventRoute>[] next = Arrays.copyOf(buckets, BUCKETS);
        next[i] = b.isEmpty() ? null : b;
        return new RouteTargets(next, size - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, EventRoute>[] newBuckets() {
        return (Map<String, EventRoute>[]) new Map<?, ?>[BUCKETS];
    }

    private static int bucket(String id) {
        int h = id.hashCode();
        return (h ^ (h >>> 16)) & (BUCKETS - 1);
    }
}
