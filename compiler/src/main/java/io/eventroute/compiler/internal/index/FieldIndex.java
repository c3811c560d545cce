package io.eventroute.compiler.internal.index;

import java.util.Arrays;

/** The routes filed under one field: by equality key and by prefix. Immutable; each change makes a new one. */
final class FieldIndex {
    static final RouteEntry[] NONE = new RouteEntry[0];

    final Field field;
    final PersistentMap<Object, RouteEntry[]> byKey;
    final PersistentMap<String, RouteEntry[]> byPrefix;
    final int[] prefixLengths;                       // distinct, ascending
    final PersistentMap<Integer, Integer> prefixLengthUse;
    final int keyed;                                 // routes filed by key, counting each key
    final int prefixed;                              // routes filed by prefix

    FieldIndex(Field field, PersistentMap<Object, RouteEntry[]> byKey, PersistentMap<String, RouteEntry[]> byPrefix,
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

    static FieldIndex empty(Field field) {
        return new FieldIndex(field, PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), 0, 0);
    }

    boolean isEmpty() {
        return byKey.isEmpty() && byPrefix.isEmpty();
    }

    int keySize(Object key) {
        RouteEntry[] b = byKey.get(key);
        return b == null ? 0 : b.length;
    }

    int prefixSize(String prefix) {
        RouteEntry[] b = byPrefix.get(prefix);
        return b == null ? 0 : b.length;
    }

    FieldIndex withKey(Object key, RouteEntry e) {
        return new FieldIndex(field, byKey.plus(key, append(byKey.get(key), e)), byPrefix, prefixLengthUse, keyed + 1, prefixed);
    }

    FieldIndex withoutKey(Object key, RouteEntry e) {
        RouteEntry[] rest = remove(byKey.get(key), e);
        return new FieldIndex(field, rest.length == 0 ? byKey.minus(key) : byKey.plus(key, rest), byPrefix, prefixLengthUse,
                keyed - 1, prefixed);
    }

    FieldIndex withPrefix(String prefix, RouteEntry e) {
        Integer length = prefix.length();
        Integer uses = prefixLengthUse.get(length);
        return new FieldIndex(field, byKey, byPrefix.plus(prefix, append(byPrefix.get(prefix), e)),
                prefixLengthUse.plus(length, uses == null ? 1 : uses + 1), keyed, prefixed + 1);
    }

    FieldIndex withoutPrefix(String prefix, RouteEntry e) {
        RouteEntry[] rest = remove(byPrefix.get(prefix), e);
        Integer length = prefix.length();
        int uses = prefixLengthUse.get(length) - 1;
        return new FieldIndex(field, byKey, rest.length == 0 ? byPrefix.minus(prefix) : byPrefix.plus(prefix, rest),
                uses == 0 ? prefixLengthUse.minus(length) : prefixLengthUse.plus(length, uses), keyed, prefixed - 1);
    }

    static RouteEntry[] append(RouteEntry[] bucket, RouteEntry e) {
        if (bucket == null) {
            return new RouteEntry[] {e};
        }
        RouteEntry[] b = Arrays.copyOf(bucket, bucket.length + 1);
        b[bucket.length] = e;
        return b;
    }

    static RouteEntry[] remove(RouteEntry[] bucket, RouteEntry e) {
        if (bucket == null) {
            return NONE;
        }
        for (int i = 0; i < bucket.length; i++) {
            if (bucket[i] == e) {
                RouteEntry[] b = new RouteEntry[bucket.length - 1];
                System.arraycopy(bucket, 0, b, 0, i);
                System.arraycopy(bucket, i + 1, b, i, bucket.length - i - 1);
                return b;
            }
        }
        return bucket;
    }
}
