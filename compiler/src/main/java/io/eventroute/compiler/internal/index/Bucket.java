package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.internal.lower.Cond;
import java.util.Arrays;

/**
 * The routes filed under one key, laid out for the match path: what a match reads of each route (its
 * order, id and remaining condition) sits in parallel arrays, so scanning a bucket touches a few
 * contiguous arrays rather than one object per route. Immutable; each change makes a new bucket.
 */
final class Bucket {
    static final Bucket EMPTY = new Bucket(new RouteEntry[0], new long[0], new String[0], new Cond[0]);

    final RouteEntry[] entries;
    final long[] seqs;
    final String[] ids;
    final Cond[] conditions;   // null: nothing to evaluate, the lookup hit is the match

    private Bucket(RouteEntry[] entries, long[] seqs, String[] ids, Cond[] conditions) {
        this.entries = entries;
        this.seqs = seqs;
        this.ids = ids;
        this.conditions = conditions;
    }

    int size() {
        return entries.length;
    }

    /** This bucket plus {@code e}, whose condition on a hit is {@code condition} (null for none). */
    Bucket with(RouteEntry e, Cond condition) {
        int n = entries.length;
        RouteEntry[] en = Arrays.copyOf(entries, n + 1);
        long[] s = Arrays.copyOf(seqs, n + 1);
        String[] i = Arrays.copyOf(ids, n + 1);
        Cond[] c = Arrays.copyOf(conditions, n + 1);
        en[n] = e;
        s[n] = e.seq;
        i[n] = e.id;
        c[n] = condition;
        return new Bucket(en, s, i, c);
    }

    /** This bucket without {@code e}; EMPTY when it was the last. */
    Bucket without(RouteEntry e) {
        for (int k = 0; k < entries.length; k++) {
            if (entries[k] == e) {
                if (entries.length == 1) {
                    return EMPTY;
                }
                return new Bucket(cut(entries, k, new RouteEntry[entries.length - 1]), cut(seqs, k),
                        cut(ids, k, new String[ids.length - 1]), cut(conditions, k, new Cond[conditions.length - 1]));
            }
        }
        return this;
    }

    private static <T> T[] cut(T[] a, int k, T[] out) {
        System.arraycopy(a, 0, out, 0, k);
        System.arraycopy(a, k + 1, out, k, a.length - k - 1);
        return out;
    }

    private static long[] cut(long[] a, int k) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, k);
        System.arraycopy(a, k + 1, out, k, a.length - k - 1);
        return out;
    }
}
