package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.internal.eval.Tri;
import java.util.Arrays;

/**
 * The routes filed under one key, laid out for the match path in two arrays: a {@code long[]} with each
 * route's order number and plan followed by the encoded atoms of their remaining tests
 * ({@link Residual}), and an {@code Object[]} with the ids, the entries and the atoms' constants. A
 * bucket scan thus reads two contiguous arrays instead of a graph of objects per route, which is what
 * keeps its cost flat when 100,000 routes no longer fit in the processor's caches. Immutable; each
 * change makes a new bucket.
 */
final class Bucket {
    static final Bucket EMPTY = new Bucket(0, new long[0], new Object[0]);

    /** Plan: the lookup hit is the match. */
    static final long HIT = -1;
    /** Plan: evaluate the entry's general condition. */
    static final long GENERAL = -2;

    // data: [seq 0, plan 0, seq 1, plan 1, ..., head of atom 0, bits of atom 0, ...]; a plan that is
    // neither HIT nor GENERAL is (first atom << 4 | atom count).
    // refs: [id 0 .. id n-1, entry 0 .. entry n-1, constant of atom 0, ...]
    private final int size;
    private final long[] data;
    private final Object[] refs;

    private Bucket(int size, long[] data, Object[] refs) {
        this.size = size;
        this.data = data;
        this.refs = refs;
    }

    int size() {
        return size;
    }

    RouteEntry entry(int i) {
        return (RouteEntry) refs[size + i];
    }

    private int atoms() {
        return refs.length - 2 * size;
    }

    /** This bucket plus {@code e}, whose remaining test on a hit is {@code r} (null for none). */
    Bucket with(RouteEntry e, Residual r) {
        int added = r == null || r.isGeneral() ? 0 : r.heads.length;
        Builder b = new Builder(size + 1, atoms() + added);
        for (int i = 0; i < size; i++) {
            b.copy(this, i);
        }
        b.add(e, r);
        return b.build();
    }

    /** This bucket without {@code e}; EMPTY when it was the last. */
    Bucket without(RouteEntry e) {
        for (int k = 0; k < size; k++) {
            if (entry(k) == e) {
                if (size == 1) {
                    return EMPTY;
                }
                long plan = data[2 * k + 1];
                Builder b = new Builder(size - 1, atoms() - (plan >= 0 ? (int) (plan & 15) : 0));
                for (int i = 0; i < size; i++) {
                    if (i != k) {
                        b.copy(this, i);
                    }
                }
                return b.build();
            }
        }
        return this;
    }

    /** Fills the two arrays of a new bucket route by route. */
    private static final class Builder {
        final int size;
        final long[] data;
        final Object[] refs;
        int route;
        int atom;

        Builder(int size, int atoms) {
            this.size = size;
            this.data = new long[2 * size + 2 * atoms];
            this.refs = new Object[2 * size + atoms];
        }

        void copy(Bucket from, int i) {
            long plan = from.data[2 * i + 1];
            if (plan >= 0) {
                int first = (int) (plan >>> 4);
                int count = (int) (plan & 15);
                int fromBase = 2 * from.size;
                System.arraycopy(from.data, fromBase + 2 * first, data, 2 * size + 2 * atom, 2 * count);
                System.arraycopy(from.refs, fromBase + first, refs, 2 * size + atom, count);
                plan = (long) atom << 4 | count;
                atom += count;
            }
            put(from.data[2 * i], plan, from.refs[i], from.refs[from.size + i]);
        }

        void add(RouteEntry e, Residual r) {
            long plan;
            if (r == null) {
                plan = HIT;
            } else if (r.isGeneral()) {
                plan = GENERAL;
            } else {
                int count = r.heads.length;
                for (int a = 0; a < count; a++) {
                    data[2 * size + 2 * (atom + a)] = r.heads[a];
                    data[2 * size + 2 * (atom + a) + 1] = r.bits[a];
                    refs[2 * size + atom + a] = r.constants[a];
                }
                plan = (long) atom << 4 | count;
                atom += count;
            }
            put(e.seq, plan, e.id, e);
        }

        private void put(long seq, long plan, Object id, Object entry) {
            data[2 * route] = seq;
            data[2 * route + 1] = plan;
            refs[route] = id;
            refs[size + route] = entry;
            route++;
        }

        Bucket build() {
            return new Bucket(size, data, refs);
        }
    }

    /** Adds to {@code m} every route of this bucket whose remaining test is true for the event being matched. */
    void match(Matches m, EventView event) {
        long[] d = data;
        Object[] r = refs;
        int n = size;
        int atomBase = 2 * n;
        for (int i = 0; i < n; i++) {
            long plan = d[2 * i + 1];
            boolean hit;
            if (plan == HIT) {
                hit = true;
            } else if (plan == GENERAL) {
                hit = ((RouteEntry) r[n + i]).general.test(event, null) == Tri.TRUE;
            } else {
                hit = Residual.allTrue(d, r, atomBase, (int) (plan >>> 4), (int) (plan & 15), m, event);
            }
            if (hit) {
                m.add(d[2 * i], r[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "Bucket" + Arrays.toString(Arrays.copyOf(refs, size));
    }
}
