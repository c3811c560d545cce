package io.eventroute.compiler.internal.index;

import java.util.Arrays;

/** The routes filed under one field: by equality key and by prefix. Immutable; each change makes a new one. */
final class FieldIndex {
    final Field field;
    final PersistentMap<Object, Bucket> byKey;
    final PersistentMap<String, Bucket> byPrefix;
    final int[] prefixLengths;                       // distinct, ascending
    final PersistentMap<Integer, Integer> prefixLengthUse;
    final int keyed;                                 // routes filed by key, counting each key
    final int prefixed;                              // routes filed by prefix

    FieldIndex(Field field, PersistentMap<Object, Bucket> byKey, PersistentMap<String, Bucket> byPrefix,
            PersistentMap<Integer, Integer> prefixLengthUse, int keyed, int prefixed) {
        this.field = field;
        this.keyed = keyed;
        this.prefixed = prefixed;
        this.byKey = byKey;
        this.byPrefix = byPrefix;
        this.prefixLengthUse = prefixLengthUse;
        int[] lengths = new int[prefixLengthUse.size()];
        int[] i = {0};
        prefixLengthUse.forEach((len, count) -> lengths[i[0]++] = len);
        Arrays.sort(lengths);
        this.prefixLengths = lengths;
    }

    /** A change of keys only: the prefix lengths are this one's (sorting them per route filed was wasted). */
    private FieldIndex(FieldIndex prefixesOf, PersistentMap<Object, Bucket> byKey, int keyed) {
        this.field = prefixesOf.field;
        this.keyed = keyed;
        this.prefixed = prefixesOf.prefixed;
        this.byKey = byKey;
        this.byPrefix = prefixesOf.byPrefix;
        this.prefixLengthUse = prefixesOf.prefixLengthUse;
        this.prefixLengths = prefixesOf.prefixLengths;
    }

    static FieldIndex empty(Field field) {
        return new FieldIndex(field, PersistentMap.emptyWide(), PersistentMap.emptyWide(), PersistentMap.empty(), 0, 0);
    }

    boolean isEmpty() {
        return byKey.isEmpty() && byPrefix.isEmpty();
    }

    int keySize(Object key) {
        Bucket b = byKey.get(key);
        return b == null ? 0 : b.size();
    }

    int prefixSize(String prefix) {
        Bucket b = byPrefix.get(prefix);
        return b == null ? 0 : b.size();
    }

    FieldIndex withKey(Object key, RouteEntry e, Residual r) {
        return withKey(key, e, r, null);
    }

    /** As {@link #withKey(Object, RouteEntry, Residual)}, within batch {@code edit} (see {@link Index#editing}). */
    FieldIndex withKey(Object key, RouteEntry e, Residual r, PersistentMap.Edit edit) {
        return new FieldIndex(this, byKey.plus(key, orEmpty(byKey.get(key)).with(e, r), edit), keyed + 1);
    }

    FieldIndex withoutKey(Object key, RouteEntry e) {
        Bucket rest = orEmpty(byKey.get(key)).without(e);
        return new FieldIndex(this, rest.size() == 0 ? byKey.minus(key) : byKey.plus(key, rest), keyed - 1);
    }

    FieldIndex withPrefix(String prefix, RouteEntry e, Residual r) {
        return withPrefix(prefix, e, r, null);
    }

    /** As {@link #withPrefix(String, RouteEntry, Residual)}, within batch {@code edit} (see {@link Index#editing}). */
    FieldIndex withPrefix(String prefix, RouteEntry e, Residual r, PersistentMap.Edit edit) {
        Integer length = prefix.length();
        Integer uses = prefixLengthUse.get(length);
        return new FieldIndex(field, byKey, byPrefix.plus(prefix, orEmpty(byPrefix.get(prefix)).with(e, r), edit),
                prefixLengthUse.plus(length, uses == null ? 1 : uses + 1), keyed, prefixed + 1);
    }

    FieldIndex withoutPrefix(String prefix, RouteEntry e) {
        Bucket rest = orEmpty(byPrefix.get(prefix)).without(e);
        Integer length = prefix.length();
        int uses = prefixLengthUse.get(length) - 1;
        return new FieldIndex(field, byKey, rest.size() == 0 ? byPrefix.minus(prefix) : byPrefix.plus(prefix, rest),
                uses == 0 ? prefixLengthUse.minus(length) : prefixLengthUse.plus(length, uses), keyed, prefixed - 1);
    }

    private static Bucket orEmpty(Bucket b) {
        return b == null ? Bucket.EMPTY : b;
    }
}
