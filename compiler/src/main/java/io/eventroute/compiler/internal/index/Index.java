package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.lower.Cond;
import io.eventroute.compiler.internal.lower.Program;
import io.eventroute.compiler.internal.lower.Programs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The multi-route index: an immutable snapshot. Each route is filed under one lookup (equality key or
 * prefix of a field) taken from its top-level AND, or under one per disjunct of a top-level OR; a
 * route with nothing to look up is evaluated for every event (the scan list). Matching reads each
 * indexed field of the event once, looks it up, and evaluates only the rest of the filter of the
 * routes found, so its cost follows the event, not the number of routes. Changes copy only the paths
 * they touch ({@link PersistentMap}); every snapshot stays valid for the threads still reading it.
 */
public final class Index {
    private static final Index EMPTY = new Index(PersistentMap.empty(), new FieldIndex[0], Bucket.EMPTY,
            PersistentMap.empty(), PersistentMap.empty(), 0);

    private static final ThreadLocal<Matches> SCRATCH = ThreadLocal.withInitial(Matches::new);

    private final PersistentMap<String, RouteEntry> routes;
    private final FieldIndex[] fields;
    private final Bucket scan;                 // evaluated whole for every event
    private final PersistentMap<String, Integer> attributeUse;
    private final PersistentMap<DataPointer, Integer> pointerUse;
    private final long nextSeq;
    private final Field[] singles;     // the fields to read from an event, each once
    private final int[] firstSlot;     // per entry of fields: its (first) single field's slot
    private final int[] secondSlot;    // per entry of fields: a pair's second slot, or -1

    private Index(PersistentMap<String, RouteEntry> routes, FieldIndex[] fields, Bucket scan,
            PersistentMap<String, Integer> attributeUse, PersistentMap<DataPointer, Integer> pointerUse, long nextSeq) {
        this.routes = routes;
        this.fields = fields;
        this.scan = scan;
        this.attributeUse = attributeUse;
        this.pointerUse = pointerUse;
        this.nextSeq = nextSeq;
        // Every single field the lookups need, once: a pair's parts are often indexed alone too, and a
        // match reads each of them from the event once.
        List<Field> singles = new ArrayList<>();
        this.firstSlot = new int[fields.length];
        this.secondSlot = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i].field;
            firstSlot[i] = slot(singles, f.isPair() ? f.first : f);
            secondSlot[i] = f.isPair() ? slot(singles, f.second) : -1;
        }
        this.singles = singles.toArray(new Field[0]);
    }

    private static int slot(List<Field> singles, Field f) {
        int i = singles.indexOf(f);
        if (i < 0) {
            singles.add(f);
            i = singles.size() - 1;
        }
        return i;
    }

    public static Index empty() {
        return EMPTY;
    }

    public int size() {
        return routes.size();
    }

    public RouteEntry get(String id) {
        return routes.get(id);
    }

    /** Every entry, in the order routes were first added. */
    public List<RouteEntry> entries() {
        List<RouteEntry> all = new ArrayList<>(routes.size());
        routes.forEach((id, e) -> all.add(e));
        all.sort((a, b) -> Long.compare(a.seq, b.seq));
        return all;
    }

    /** The context attributes some route reads. */
    public Set<String> attributes() {
        Set<String> out = new HashSet<>();
        attributeUse.forEach((name, count) -> out.add(name));
        return out;
    }

    /** The data pointers some route reads. */
    public Set<DataPointer> dataPointers() {
        Set<DataPointer> out = new HashSet<>();
        pointerUse.forEach((p, count) -> out.add(p));
        return out;
    }

    /** Number of routes evaluated for every event because they offer no lookup. */
    public int scanned() {
        return scan.size();
    }

    /** Indexed fields, for explain output. */
    public List<String> indexedFields() {
        List<String> out = new ArrayList<>();
        for (FieldIndex f : fields) {
            out.add(f.field + " (" + f.byKey.size() + " keys, " + f.byPrefix.size() + " prefixes)");
        }
        return out;
    }

    /**
     * The index with route {@code id} added, or replaced (keeping its place in the match order).
     *
     * @param tree the route's checked tree, or null when it has none to index (another dialect);
     *     {@code full} its program
     */
    public Index with(String id, Object filter, Expr tree, Program full) {
        RouteEntry old = routes.get(id);
        Index base = old == null ? this : without(id);
        long seq = old == null ? nextSeq : old.seq;
        return base.add(id, seq, filter, tree, full, old == null ? nextSeq + 1 : nextSeq);
    }

    private Index add(String id, long seq, Object filter, Expr tree, Program full, long next) {
        List<RouteEntry.Placement> placements = new ArrayList<>();
        Cond residual = plan(tree, full, placements);
        RouteEntry entry = new RouteEntry(id, seq, filter, full, residual, placements);
        FieldIndex[] f = fields;
        Bucket s = scan;
        for (RouteEntry.Placement p : placements) {
            if (p.field() == null) {
                s = s.with(entry, entry.fullRoot);
                continue;
            }
            int i = indexOf(f, p.field());
            if (i < 0) {
                f = Arrays.copyOf(f, f.length + 1);
                i = f.length - 1;
                f[i] = FieldIndex.empty(p.field());
            } else {
                f = f.clone();
            }
            f[i] = p.prefix() != null ? f[i].withPrefix(p.prefix(), entry) : f[i].withKey(p.key(), entry);
        }
        PersistentMap<String, Integer> attrs = attributeUse;
        for (String a : full.attributes()) {
            Integer n = attrs.get(a);
            attrs = attrs.plus(a, n == null ? 1 : n + 1);
        }
        PersistentMap<DataPointer, Integer> ptrs = pointerUse;
        for (DataPointer p : full.data()) {
            Integer n = ptrs.get(p);
            ptrs = ptrs.plus(p, n == null ? 1 : n + 1);
        }
        return new Index(routes.plus(id, entry), f, s, attrs, ptrs, next);
    }

    /** The index without route {@code id}; this one when there is none. */
    public Index without(String id) {
        RouteEntry entry = routes.get(id);
        if (entry == null) {
            return this;
        }
        FieldIndex[] f = fields;
        Bucket s = scan;
        for (RouteEntry.Placement p : entry.placements) {
            if (p.field() == null) {
                s = s.without(entry);
                continue;
            }
            f = f.clone();
            int i = indexOf(f, p.field());
            f[i] = p.prefix() != null ? f[i].withoutPrefix(p.prefix(), entry) : f[i].withoutKey(p.key(), entry);
            if (f[i].isEmpty()) {
                FieldIndex[] g = new FieldIndex[f.length - 1];
                System.arraycopy(f, 0, g, 0, i);
                System.arraycopy(f, i + 1, g, i, f.length - i - 1);
                f = g;
            }
        }
        PersistentMap<String, Integer> attrs = attributeUse;
        for (String a : entry.full.attributes()) {
            int n = attrs.get(a) - 1;
            attrs = n == 0 ? attrs.minus(a) : attrs.plus(a, n);
        }
        PersistentMap<DataPointer, Integer> ptrs = pointerUse;
        for (DataPointer p : entry.full.data()) {
            int n = ptrs.get(p) - 1;
            ptrs = n == 0 ? ptrs.minus(p) : ptrs.plus(p, n);
        }
        return new Index(routes.minus(id), f, s, attrs, ptrs, nextSeq);
    }

    private static int indexOf(FieldIndex[] f, Field field) {
        for (int i = 0; i < f.length; i++) {
            if (f[i].field.equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** Chooses where to file a route; returns what must still be evaluated when a lookup hits. */
    private Cond plan(Expr tree, Program full, List<RouteEntry.Placement> placements) {
        if (tree == null) {
            placements.add(new RouteEntry.Placement(null, null, null));
            return full.root();
        }
        if (tree instanceof Expr.Or or) {
            List<RouteEntry.Placement> all = new ArrayList<>();
            for (Expr disjunct : or.operands()) {
                List<Expr> conjuncts = disjunct instanceof Expr.And a ? a.operands() : List.of(disjunct);
                Choice best = cheapest(conjuncts);
                if (best == null) {
                    placements.add(new RouteEntry.Placement(null, null, null));
                    return full.root();
                }
                addPlacements(best.access, all);
            }
            placements.addAll(new java.util.LinkedHashSet<>(all));
            return full.root();
        }
        List<Expr> conjuncts = tree instanceof Expr.And a ? a.operands() : List.of(tree);
        Choice best = cheapest(conjuncts);
        if (best == null) {
            placements.add(new RouteEntry.Placement(null, null, null));
            return full.root();
        }
        addPlacements(best.access, placements);
        List<Expr> rest = new ArrayList<>();
        for (int i = 0; i < conjuncts.size(); i++) {
            if (i != best.first && i != best.second) {
                rest.add(conjuncts.get(i));
            }
        }
        Expr remaining = rest.isEmpty() ? new Expr.Literal(Boolean.TRUE, Span.NONE)
                : rest.size() == 1 ? rest.get(0) : new Expr.And(rest, tree.span());
        return Programs.residual(remaining).root();
    }

    /** A lookup chosen for a conjunction: the conjuncts it answers (second is -1 for one). */
    private record Choice(Access access, int first, int second) {
    }

    private static void addPlacements(Access access, List<RouteEntry.Placement> out) {
        if (access.prefix != null) {
            out.add(new RouteEntry.Placement(access.field, null, access.prefix));
        } else {
            for (Object k : access.keys) {
                out.add(new RouteEntry.Placement(access.field, k, null));
            }
        }
    }

    /**
     * Fields with few values: a lookup on them narrows little (ADT has seven event types), so a route
     * is filed under one only when it offers nothing better.
     */
    private static final double NEW_FIELD_COST = 3;

    private static final java.util.Set<Field> COARSE = java.util.Set.of(Field.attribute("type"),
            Field.attribute("specversion"), Field.attribute("datacontenttype"));

    /**
     * The lookup expected to hit the fewest routes: one conjunct's, or a pair of equality conjuncts'
     * looked up together; null when no conjunct offers a lookup. The expectation is the larger of the
     * key's bucket and the field's average bucket, so that an empty bucket of a field with few values
     * does not look free; a pair costs a little more to look up than a single field.
     */
    private Choice cheapest(List<Expr> conjuncts) {
        Choice best = null;
        double bestCost = Double.MAX_VALUE;
        List<Integer> singles = new ArrayList<>();
        Access[] accesses = new Access[conjuncts.size()];
        for (int i = 0; i < conjuncts.size(); i++) {
            Access a = Access.of(conjuncts.get(i));
            accesses[i] = a;
            if (a == null) {
                continue;
            }
            double cost = cost(a);
            if (cost < bestCost) {
                bestCost = cost;
                best = new Choice(a, i, -1);
            }
            if (a.isSingleKey()) {
                singles.add(i);
            }
        }
        for (int x = 0; x < singles.size(); x++) {
            for (int y = x + 1; y < singles.size(); y++) {
                Access ax = accesses[singles.get(x)];
                Access ay = accesses[singles.get(y)];
                if (ax.field.equals(ay.field)) {
                    continue;
                }
                Access pair = Access.pair(ax, ay);
                // A pair is one more field to look up for every event: take it only when it at least
                // halves the expected candidates (dataschema implies type, so that pair never pays).
                double cost = cost(pair) + 0.5;
                if (cost < bestCost / 2) {
                    bestCost = cost;
                    best = new Choice(pair, singles.get(x), singles.get(y));
                }
            }
        }
        return best;
    }

    private double cost(Access a) {
        int fi = indexOf(fields, a.field);
        FieldIndex f = fi < 0 ? null : fields[fi];
        double cost;
        if (a.prefix != null) {
            // A prefix is less selective than an equal key of the same bucket size.
            cost = 1.5 * Math.max(f == null ? 0 : f.prefixSize(a.prefix), average(f, true)) + 1;
        } else {
            cost = 0;
            for (Object k : a.keys) {
                cost += Math.max(f == null ? 0 : f.keySize(k), average(f, false)) + 1;
            }
        }
        if (COARSE.contains(a.field)) {
            cost = cost * 8 + 8;
        }
        if (f == null) {
            // A field not indexed yet adds a lookup to every event that has it: worth a few candidates.
            cost += NEW_FIELD_COST;
        }
        return cost;
    }

    private static double average(FieldIndex f, boolean prefixes) {
        if (f == null) {
            return 0;
        }
        int keys = prefixes ? f.byPrefix.size() : f.byKey.size();
        return keys == 0 ? 0 : (double) (prefixes ? f.prefixed : f.keyed) / keys;
    }

    /** The routes whose filter is true for the event, in the order they were first added. */
    public List<String> match(EventView event) {
        Matches m = SCRATCH.get();
        m.size = 0;
        Object[] values = m.values(singles.length);
        for (int i = 0; i < singles.length; i++) {
            values[i] = singles[i].read(event);
        }
        for (int fi = 0; fi < fields.length; fi++) {
            FieldIndex f = fields[fi];
            if (secondSlot[fi] >= 0) {
                Object a = values[firstSlot[fi]];
                Object b = a == null ? null : values[secondSlot[fi]];
                Object ka = a == null ? null : Access.canonical(a);
                Object kb = b == null ? null : Access.canonical(b);
                if (ka != null && kb != null) {
                    Bucket bucket = f.byKey.get(m.probe.set(ka, kb));
                    if (bucket != null) {
                        evaluate(bucket, event, m);
                    }
                }
                continue;
            }
            Object v = values[firstSlot[fi]];
            if (v == null) {
                continue;
            }
            if (!f.byKey.isEmpty()) {
                Object key = Access.canonical(v);
                if (key != null) {
                    Bucket bucket = f.byKey.get(key);
                    if (bucket != null) {
                        evaluate(bucket, event, m);
                    }
                }
            }
            if (f.prefixLengths.length > 0 && v instanceof String s) {
                // Each prefix's String hash extends the previous one's, and the probe compares in place:
                // no substring is made.
                int hash = 0;
                int hashed = 0;
                for (int length : f.prefixLengths) {
                    if (length > s.length()) {
                        break;
                    }
                    for (; hashed < length; hashed++) {
                        hash = 31 * hash + s.charAt(hashed);
                    }
                    Bucket bucket = f.byPrefix.get(m.prefix.set(s, length, hash));
                    if (bucket != null) {
                        evaluate(bucket, event, m);
                    }
                }
            }
        }
        evaluate(scan, event, m);
        Arrays.fill(values, 0, singles.length, null); // the scratch outlives the match
        return m.ids();
    }

    private static void evaluate(Bucket bucket, EventView event, Matches m) {
        Cond[] conditions = bucket.conditions;
        for (int i = 0; i < conditions.length; i++) {
            Cond c = conditions[i];
            if (c == null || c.test(event, null) == Tri.TRUE) {
                m.add(bucket.seqs[i], bucket.ids[i]);
            }
        }
    }

    /** How many routes a match of this event evaluates, by field (for tuning and explain). */
    public String candidates(EventView event) {
        StringBuilder out = new StringBuilder();
        for (FieldIndex f : fields) {
            int n = 0;
            if (f.field.isPair()) {
                Object a = f.field.first.read(event);
                Object b = f.field.second.read(event);
                Object ka = a == null ? null : Access.canonical(a);
                Object kb = b == null ? null : Access.canonical(b);
                Bucket bucket = ka == null || kb == null ? null : f.byKey.get(new Pair(ka, kb));
                n = bucket == null ? 0 : bucket.size();
            } else {
                Object v = f.field.read(event);
                Object key = v == null ? null : Access.canonical(v);
                Bucket bucket = key == null ? null : f.byKey.get(key);
                n = bucket == null ? 0 : bucket.size();
                if (v instanceof String s) {
                    for (int length : f.prefixLengths) {
                        if (length <= s.length()) {
                            Bucket pb = f.byPrefix.get(s.substring(0, length));
                            n += pb == null ? 0 : pb.size();
                        }
                    }
                }
            }
            out.append(f.field).append('=').append(n).append(' ');
        }
        return out.append("scan=").append(scan.size()).toString();
    }

    /** Reference matcher: every route's whole filter, in turn. Slow; the index is tested against it. */
    public List<String> matchEach(EventView event) {
        List<String> out = new ArrayList<>();
        for (RouteEntry e : entries()) {
            if (e.full.test(event) == Tri.TRUE) {
                out.add(e.id);
            }
        }
        return out;
    }

    /** Stands for {@code s.substring(0, length)} in a lookup of String keys, without making it. */
    private static final class PrefixProbe {
        private String s;
        private int length;
        private int hash;

        PrefixProbe set(String s, int length, int hash) {
            this.s = s;
            this.length = length;
            this.hash = hash;
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof String t && t.length() == length && s.regionMatches(0, t, 0, length);
        }
    }

    /** Per-thread scratch for one match: the routes found (order and id), before ordering. */
    private static final class Matches {
        final Pair.Probe probe = new Pair.Probe();
        final PrefixProbe prefix = new PrefixProbe();
        long[] seqs = new long[64];
        String[] ids = new String[64];
        int size;
        private Object[] values = new Object[16];

        Object[] values(int n) {
            if (values.length < n) {
                values = new Object[n];
            }
            return values;
        }

        void add(long seq, String id) {
            if (size == seqs.length) {
                seqs = Arrays.copyOf(seqs, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
            }
            seqs[size] = seq;
            ids[size++] = id;
        }

        List<String> ids() {
            if (size == 0) {
                return List.of();
            }
            // Usually a handful of matches: insertion sort on the order numbers (a route filed under
            // two disjuncts may be here twice; equal numbers end up side by side). Many: a real sort.
            if (size > 32) {
                sortLarge();
            }
            for (int i = 1; i < size; i++) {
                long s = seqs[i];
                String id = ids[i];
                int j = i - 1;
                while (j >= 0 && seqs[j] > s) {
                    seqs[j + 1] = seqs[j];
                    ids[j + 1] = ids[j];
                    j--;
                }
                seqs[j + 1] = s;
                ids[j + 1] = id;
            }
            String[] out = new String[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (i == 0 || seqs[i] != seqs[i - 1]) {
                    out[n++] = ids[i];
                }
                ids[i] = null; // the scratch outlives the match: let removed routes' ids be collected
            }
            return Arrays.asList(n == out.length ? out : Arrays.copyOf(out, n));
        }

        private void sortLarge() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(seqs[a], seqs[b]));
            long[] s = new long[size];
            String[] d = new String[size];
            for (int i = 0; i < size; i++) {
                s[i] = seqs[order[i]];
                d[i] = ids[order[i]];
            }
            System.arraycopy(s, 0, seqs, 0, size);
            System.arraycopy(d, 0, ids, 0, size);
        }
    }
}
