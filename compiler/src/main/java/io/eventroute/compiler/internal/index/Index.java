package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.ModelCalls;
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
            PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), new Field[0], 0, ModelSet.empty(), null);

    private static final ThreadLocal<Matches> SCRATCH = ThreadLocal.withInitial(Matches::new);

    private final PersistentMap<String, RouteEntry> routes;
    private final FieldIndex[] fields;
    private final Bucket scan;                 // evaluated whole for every event
    private final PersistentMap<String, Integer> attributeUse;
    private final PersistentMap<DataPointer, Integer> pointerUse;
    private final long nextSeq;
    // The models IS_OF_MODEL follows: routes using it are lowered and filed with these (see withModels).
    private final ModelSet models;
    // Every field a lookup or an atom reads has a value slot, so that a match reads it from the event
    // at most once. Slots stay put while a field is in use (buckets carried over from older snapshots
    // hold them); a slot whose field nobody uses any more is free for the next new field.
    private final PersistentMap<Field, Slot> slots;
    private final Field[] slotFields;          // by slot; null: free
    private final int[] firstSlot;             // per entry of fields: its (first) single field's slot
    private final int[] secondSlot;            // per entry of fields: a pair's second slot, or -1
    // The batch of changes this index is part of (see editing), or null: the route map and the fields'
    // key maps are then changed in place where the batch made them.
    private final PersistentMap.Edit edit;

    /** A field (one instance for all routes), its value slot and how many uses (lookups and atoms of routes) hold it. */
    private record Slot(Field field, int index, int uses) {
    }

    private Index(PersistentMap<String, RouteEntry> routes, FieldIndex[] fields, Bucket scan,
            PersistentMap<String, Integer> attributeUse, PersistentMap<DataPointer, Integer> pointerUse,
            PersistentMap<Field, Slot> slots, Field[] slotFields, long nextSeq, ModelSet models, PersistentMap.Edit edit) {
        this.edit = edit;
        this.models = models;
        this.routes = routes;
        this.fields = fields;
        this.scan = scan;
        this.attributeUse = attributeUse;
        this.pointerUse = pointerUse;
        this.slots = slots;
        this.slotFields = slotFields;
        this.nextSeq = nextSeq;
        this.firstSlot = new int[fields.length];
        this.secondSlot = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i].field;
            firstSlot[i] = slots.get(f.isPair() ? f.first.valueField() : f.valueField()).index();
            secondSlot[i] = f.isPair() ? slots.get(f.second.valueField()).index() : -1;
        }
    }

    /** Value slots while a change is built: takes and releases uses, copying the slot array once. */
    private static final class SlotChange {
        PersistentMap<Field, Slot> slots;
        Field[] slotFields;
        private boolean copied;

        SlotChange(PersistentMap<Field, Slot> slots, Field[] slotFields) {
            this.slots = slots;
            this.slotFields = slotFields;
        }

        int use(Field f) {
            Slot s = slots.get(f);
            if (s != null) {
                slots = slots.plus(f, new Slot(s.field(), s.index(), s.uses() + 1));
                return s.index();
            }
            int free = 0;
            while (free < slotFields.length && slotFields[free] != null) {
                free++;
            }
            if (!copied || free == slotFields.length) {
                slotFields = java.util.Arrays.copyOf(slotFields, Math.max(slotFields.length, free + 1));
                copied = true;
            }
            slotFields[free] = f;
            slots = slots.plus(f, new Slot(f, free, 1));
            return free;
        }

        /** The one instance of {@code f} the slots hold, or f itself when it has no slot. */
        Field canonical(Field f) {
            Slot s = slots.get(f);
            return s == null ? f : s.field();
        }

        void release(int index) {
            Field f = slotFields[index];
            Slot s = slots.get(f);
            if (s.uses() > 1) {
                slots = slots.plus(f, new Slot(s.field(), s.index(), s.uses() - 1));
                return;
            }
            slots = slots.minus(f);
            if (!copied) {
                slotFields = slotFields.clone();
                copied = true;
            }
            slotFields[s.index()] = null;
        }
    }

    public static Index empty() {
        return EMPTY;
    }

    /**
     * This index as the start of a batch of changes made on one thread, none of whose results is shared
     * before the batch's last one ({@link #sealed}): the batch changes in place the maps it made itself
     * rather than copying them for every route. This index and every older one stay as they are.
     */
    public Index editing() {
        return new Index(routes, fields, scan, attributeUse, pointerUse, slots, slotFields, nextSeq, models,
                new PersistentMap.Edit());
    }

    /** This index, the last of its batch, with nothing left that a later change could alter in place. */
    public Index sealed() {
        // What the batch wrote in place must be seen by any thread this index reaches, as if it were final.
        java.lang.invoke.VarHandle.releaseFence();
        return edit == null ? this
                : new Index(routes, fields, scan, attributeUse, pointerUse, slots, slotFields, nextSeq, models, null);
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

    /**
     * The routes filed under a field that holds very few of all routes ({@link #sparse}). Every
     * event that has the field pays a lookup for it, and such fields come from choices made while the
     * table was small: filing these routes again with today's statistics usually empties the field.
     */
    public List<String> sparselyFiled() {
        List<String> out = new ArrayList<>();
        for (FieldIndex f : fields) {
            if (sparse(f)) {
                f.byKey.forEach((k, b) -> addIds(b, out));
                f.byPrefix.forEach((k, b) -> addIds(b, out));
            }
        }
        return out;
    }

    /** A field holding fewer than one in {@value #SPARSE_RATIO} of the routes, once there are {@value #SPARSE_FROM}. */
    private boolean sparse(FieldIndex f) {
        return routes.size() >= SPARSE_FROM && (long) (f.keyed + f.prefixed) * SPARSE_RATIO < routes.size();
    }

    private static final int SPARSE_RATIO = 1024;
    /** The size from which fields can be sparse, and routes are filed again out of them. */
    public static final int SPARSE_FROM = 4096;

    private static void addIds(Bucket b, List<String> out) {
        for (int i = 0; i < b.size(); i++) {
            out.add(b.entry(i).id);
        }
    }

    /** Number of indexed fields (pairs included). */
    public int fieldCount() {
        return fields.length;
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
        return with(id, filter, tree, full, Set.of());
    }

    /**
     * Route {@code id} filed again, avoiding the fields that hold very few routes (see
     * {@link #sparselyFiled}) unless it has no other lookup.
     */
    public Index refiled(String id, Object filter, Expr tree, Program full) {
        Set<Field> sparse = new HashSet<>();
        for (FieldIndex f : fields) {
            if (sparse(f)) {
                sparse.add(f.field);
            }
        }
        return with(id, filter, tree, full, sparse);
    }

    private Index with(String id, Object filter, Expr tree, Program full, Set<Field> avoid) {
        RouteEntry old = routes.get(id);
        Index base = old == null ? this : without(id);
        long seq = old == null ? nextSeq : old.seq;
        return base.add(id, seq, filter, tree, full, old == null ? nextSeq + 1 : nextSeq, avoid);
    }

    // add runs once per route filed and has no loop of its own: its loops are the small methods below.
    // A loop in it made the JIT compile it twice (once for the loop alone, on-stack replacement), and
    // each compilation of a method this large took most of a second of a 2-core machine's load.
    private Index add(String id, long seq, Object filter, Expr tree, Program given, long next, Set<Field> avoid) {
        List<String> wanted = tree == null ? List.of() : ModelCalls.wanted(tree);
        // The filter was compiled with some models or none; in the index, IS_OF_MODEL follows the index's.
        Program full = wanted.isEmpty() ? given : Programs.of(tree, models);
        List<RouteEntry.Placement> placements = new ArrayList<>();
        Cond residual = plan(tree, full, placements, avoid);
        canonicalFields(placements);
        SlotChange change = new SlotChange(slots, slotFields);
        List<Integer> held = new ArrayList<>();
        holdSlots(placements, change, held);
        Residual onHit = null;
        if (!Programs.isConstantTrue(residual)) {
            onHit = Residual.of(residual, f -> {
                int slot = change.use(f);
                held.add(slot);
                return slot;
            });
        }
        Object[] equalities = equalities(tree);
        canonicalFields(equalities, change);
        RouteEntry entry = new RouteEntry(id, seq, filter, full, onHit != null && onHit.isGeneral() ? onHit.cond : null,
                placements, ints(held), equalities, wanted);
        return new Index(routes.plus(id, entry, edit), filed(placements, entry, onHit), scanned(placements, entry, onHit),
                counted(attributeUse, full.attributes()), counted(pointerUse, full.data()), change.slots, change.slotFields,
                next, models, edit);
    }

    /** Each placement with the field's instance the index already holds: a route kept its own copy (and a pair's two), some 35 bytes a route. */
    private void canonicalFields(List<RouteEntry.Placement> placements) {
        for (int p = 0; p < placements.size(); p++) {
            RouteEntry.Placement placement = placements.get(p);
            int i = placement.field() == null ? -1 : indexOf(fields, placement.field());
            if (i >= 0 && fields[i].field != placement.field()) {
                placements.set(p, new RouteEntry.Placement(fields[i].field, placement.key(), placement.prefix()));
            }
        }
    }

    private static void canonicalFields(Object[] equalities, SlotChange change) {
        for (int i = 0; i < equalities.length; i += 2) {
            equalities[i] = change.canonical((Field) equalities[i]);
        }
    }

    /** Takes the value slots the placements' lookups read. */
    private static void holdSlots(List<RouteEntry.Placement> placements, SlotChange change, List<Integer> held) {
        for (RouteEntry.Placement p : placements) {
            Field pf = p.field();
            if (pf != null) {
                held.add(change.use(pf.isPair() ? pf.first.valueField() : pf.valueField()));
                if (pf.isPair()) {
                    held.add(change.use(pf.second.valueField()));
                }
            }
        }
    }

    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** This index's fields with the entry filed under its placements' keys and prefixes. */
    private FieldIndex[] filed(List<RouteEntry.Placement> placements, RouteEntry entry, Residual onHit) {
        FieldIndex[] f = fields;
        for (RouteEntry.Placement p : placements) {
            if (p.field() == null) {
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
            f[i] = p.prefix() != null ? f[i].withPrefix(p.prefix(), entry, onHit, edit) : f[i].withKey(p.key(), entry, onHit, edit);
        }
        return f;
    }

    /** The scan list, with the entry when it has a placement without a lookup. */
    private Bucket scanned(List<RouteEntry.Placement> placements, RouteEntry entry, Residual onHit) {
        Bucket s = scan;
        for (RouteEntry.Placement p : placements) {
            if (p.field() == null) {
                s = s.with(entry, onHit);
            }
        }
        return s;
    }

    /** {@code uses} with one more use of each key. */
    private static <K> PersistentMap<K, Integer> counted(PersistentMap<K, Integer> uses, Set<K> keys) {
        PersistentMap<K, Integer> out = uses;
        for (K k : keys) {
            Integer n = out.get(k);
            out = out.plus(k, n == null ? 1 : n + 1);
        }
        return out;
    }

    /** The models IS_OF_MODEL follows in this index. */
    public ModelSet models() {
        return models;
    }

    /**
     * The routes whose matches can differ between this index's models and {@code next}: those with an
     * {@code IS_OF_MODEL(m)} for which the models of {@code m} differ, in the order they were added.
     */
    public List<String> affectedBy(ModelSet next) {
        List<String> out = new ArrayList<>();
        java.util.Map<String, Boolean> changed = new java.util.HashMap<>();
        for (RouteEntry e : entries()) {
            for (String m : e.wanted) {
                if (changed.computeIfAbsent(m, k -> ModelCalls.affected(List.of(k), models, next))) {
                    out.add(e.id);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * This index with {@code next} as its models, its routes filed as they were: the caller then adds
     * again each route of {@link #affectedBy} before publishing it.
     */
    public Index withModels(ModelSet next) {
        return new Index(routes, fields, scan, attributeUse, pointerUse, slots, slotFields, nextSeq, next, edit);
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
        SlotChange change = new SlotChange(slots, slotFields);
        for (int slot : entry.slots) {
            change.release(slot);
        }
        return new Index(routes.minus(id), f, s, attrs, ptrs, change.slots, change.slotFields, nextSeq, models, edit);
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
    private Cond plan(Expr tree, Program full, List<RouteEntry.Placement> placements, Set<Field> avoid) {
        if (tree == null) {
            placements.add(new RouteEntry.Placement(null, null, null));
            return full.root();
        }
        if (tree instanceof Expr.Or or) {
            List<RouteEntry.Placement> all = new ArrayList<>();
            for (Expr disjunct : or.operands()) {
                List<Expr> conjuncts = disjunct instanceof Expr.And a ? a.operands() : List.of(disjunct);
                Choice best = cheapest(conjuncts, avoid);
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
        Choice best = cheapest(conjuncts, avoid);
        if (best == null) {
            placements.add(new RouteEntry.Placement(null, null, null));
            return full.root();
        }
        addPlacements(best.access, placements);
        // The rest is already in the program, one condition per conjunct: lowering it again was a tenth of
        // filing a route.
        Cond rest = tree instanceof Expr.And ? Programs.conjunctsExcept(full.root(), conjuncts.size(), best.first, best.second)
                : null;
        return rest != null ? rest : lowerRest(tree, conjuncts, best);
    }

    private Cond lowerRest(Expr tree, List<Expr> conjuncts, Choice best) {
        List<Expr> rest = new ArrayList<>();
        for (int i = 0; i < conjuncts.size(); i++) {
            if (i != best.first && i != best.second) {
                rest.add(conjuncts.get(i));
            }
        }
        Expr remaining = rest.isEmpty() ? new Expr.Literal(Boolean.TRUE, Span.NONE)
                : rest.size() == 1 ? rest.get(0) : new Expr.And(rest, tree.span());
        return Programs.of(remaining, models).root();
    }

    /** The "field = constant" terms of a filter's top-level conjunction, as field, key, field, key... */
    private Object[] equalities(Expr tree) {
        if (tree == null || tree instanceof Expr.Or) {
            return new Object[0];
        }
        List<Object> out = new ArrayList<>();
        for (Expr conjunct : tree instanceof Expr.And a ? a.operands() : List.of(tree)) {
            Access access = Access.of(conjunct, models);
            if (access != null && access.isSingleKey()) {
                out.add(access.field);
                out.add(access.keys.iterator().next());
            }
        }
        return out.toArray();
    }

    /** A lookup chosen for a conjunction: the conjuncts it answers (second is -1 for one). */
    private record Choice(Access access, int first, int second) {
    }

    private static void addPlacements(Access access, List<RouteEntry.Placement> out) {
        if (access.prefix != null) {
            out.add(new RouteEntry.Placement(access.field, null, access.prefix));
        }
        for (Object k : access.keys) {
            out.add(new RouteEntry.Placement(access.field, k, null));
        }
    }

    /**
     * Fields with few values: a lookup on them narrows little (ADT has seven event types), so a route
     * is filed under one only when it offers nothing better.
     */
    private static final double NEW_FIELD_COST = 3;

    /** Added to the cost of a lookup on a field to avoid: taken only when there is nothing else. */
    private static final double AVOIDED = 1e9;

    private static final double COARSE_COST = 10_000;

    private static final java.util.Set<Field> COARSE = java.util.Set.of(Field.attribute("type"),
            Field.attribute("specversion"), Field.attribute("datacontenttype"));

    /**
     * Pairs are sought among this many equality conjuncts at most: a real filter has a handful, and
     * the search is quadratic (a 50,000-term AND of equalities took seconds to index).
     */
    private static final int MAX_PAIRED = 64;

    /**
     * The lookup expected to hit the fewest routes: one conjunct's, or a pair of equality conjuncts'
     * looked up together; null when no conjunct offers a lookup. The expectation is the larger of the
     * key's bucket and the field's average bucket, so that an empty bucket of a field with few values
     * does not look free; a pair costs a little more to look up than a single field.
     */
    private Choice cheapest(List<Expr> conjuncts, Set<Field> avoid) {
        Choice best = null;
        double bestCost = Double.MAX_VALUE;
        List<Integer> singles = new ArrayList<>();
        Access[] accesses = new Access[conjuncts.size()];
        for (int i = 0; i < conjuncts.size(); i++) {
            Access a = Access.of(conjuncts.get(i), models);
            accesses[i] = a;
            if (a == null) {
                continue;
            }
            double cost = cost(a) + (avoid.contains(a.field) ? AVOIDED : 0);
            if (cost < bestCost) {
                bestCost = cost;
                best = new Choice(a, i, -1);
            }
            if (a.isSingleKey() && singles.size() < MAX_PAIRED) {
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
                // halves the expected candidates.
                double cost = pairCost(pair, ax, ay) + 0.5 + (avoid.contains(pair.field) ? AVOIDED : 0);
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
        double cost = 0;
        if (a.prefix != null) {
            // A prefix is less selective than an equal key of the same bucket size.
            cost = 1.5 * Math.max(f == null ? 0 : f.prefixSize(a.prefix), average(f, true)) + 1;
        }
        for (Object k : a.keys) {
            cost += Math.max(f == null ? 0 : f.keySize(k), average(f, false)) + 1;
        }
        if (COARSE.contains(a.field)) {
            // Half the events carry the most common type: a bucket here is evaluated for them all,
            // whatever its size now. Only for a filter with nothing better to offer.
            cost += COARSE_COST;
        }
        if (f == null || sparse(f)) {
            // A field not indexed yet adds a lookup to every event that has it: worth a few candidates.
            // So does one that holds almost no routes (see sparselyFiled): better not to grow it.
            cost += NEW_FIELD_COST;
        }
        return cost + bornSparse(f);
    }

    /**
     * A pair's expected candidates: its bucket, plus the routes already filed under either single key
     * that require the other key too, since the pair cannot tell those apart from this route. This is
     * what keeps a pair that one of its terms implies (dataschema implies type) from being taken just
     * because its own bucket starts empty.
     */
    private double pairCost(Access pair, Access x, Access y) {
        Object kx = x.keys.iterator().next();
        Object ky = y.keys.iterator().next();
        int fi = indexOf(fields, pair.field);
        FieldIndex f = fi < 0 ? null : fields[fi];
        int own = f == null ? 0 : f.keySize(pair.keys.iterator().next());
        double shared = shared(x.field, kx, y.field, ky) + shared(y.field, ky, x.field, kx);
        double cost = Math.max(own + shared, average(f, false)) + 1;
        return (f == null || sparse(f) ? cost + NEW_FIELD_COST : cost) + bornSparse(f);
    }

    /**
     * {@link #AVOIDED} for a field not indexed yet once the table is large: it would hold one route,
     * which refiling ({@link #sparselyFiled}, run whenever a large table gets a new field) moves out
     * again, dropping the field, so that the next route like it made the field anew and was filed
     * twice: a load of 100,000 routes refiled 5,400 times. Taken, as refiling takes it, only when
     * nothing else is offered.
     */
    private double bornSparse(FieldIndex f) {
        return f == null && routes.size() >= SPARSE_FROM ? AVOIDED : 0;
    }

    /** How many routes filed under f1 = k1 also require f2 = k2 (estimated from a sample in big buckets). */
    private double shared(Field f1, Object k1, Field f2, Object k2) {
        int fi = indexOf(fields, f1);
        Bucket b = fi < 0 ? null : fields[fi].byKey.get(k1);
        if (b == null) {
            return 0;
        }
        int sample = Math.min(b.size(), 256);
        int n = 0;
        for (int i = 0; i < sample; i++) {
            if (k2.equals(b.entry(i).requiredKey(f2))) {
                n++;
            }
        }
        return (double) n * b.size() / sample;
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
        m.begin(slotFields);
        for (int fi = 0; fi < fields.length; fi++) {
            FieldIndex f = fields[fi];
            Object v = m.value(firstSlot[fi], event);
            if (v == null) {
                continue;
            }
            if (secondSlot[fi] >= 0) {
                Object b = m.value(secondSlot[fi], event);
                Object ka = Access.canonical(v);
                Object kb = b == null ? null : Access.canonical(b);
                if (ka != null && kb != null) {
                    Bucket bucket = f.byKey.getPair(ka, kb);
                    if (bucket != null) {
                        bucket.match(m, event);
                    }
                }
                continue;
            }
            if (!f.byKey.isEmpty()) {
                Object key = Access.canonical(v);
                if (key != null) {
                    Bucket bucket = f.byKey.get(key);
                    if (bucket != null) {
                        bucket.match(m, event);
                    }
                }
            }
            if (f.prefixLengths.length > 0 && v instanceof String s && f.field.isModelOf()) {
                // Its prefixes are "m;": only the one up to the model's ';' can be a prefix of it.
                int length = s.indexOf(';') + 1;
                if (length > 0) {
                    int hash = 0;
                    for (int c = 0; c < length; c++) {
                        hash = 31 * hash + s.charAt(c);
                    }
                    Bucket bucket = f.byPrefix.getPrefix(s, length, hash);
                    if (bucket != null) {
                        bucket.match(m, event);
                    }
                }
            } else if (f.prefixLengths.length > 0 && v instanceof String s) {
                // Each prefix's String hash extends the previous one's, and the lookup compares in place:
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
                    Bucket bucket = f.byPrefix.getPrefix(s, length, hash);
                    if (bucket != null) {
                        bucket.match(m, event);
                    }
                }
            }
        }
        scan.match(m, event);
        m.end();
        return m.ids();
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
}
