package io.eventroute.compiler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The DTDL models routing knows (their ids and what each {@code extends}), which give
 * {@code IS_OF_MODEL(m)} its inheritance: a model is of {@code m} when it is {@code m} or extends it,
 * directly or not. Only the graph of ids lives here; reading DTDL documents is the caller's job.
 * Immutable; thread-safe.
 */
public final class ModelSet {
    private static final ModelSet EMPTY = new ModelSet(Map.of());
    private static final int MAX_CACHED = 10_000;

    private final Map<String, List<String>> bases;       // id -> direct bases, in insertion order
    // id -> every id it is of (itself and all its ancestors), each also without its ";version"
    private final Map<String, Set<String>> isOf;
    // wanted -> satisfyingSet(wanted), filled on demand; bounded by the distinct IS_OF_MODEL arguments compiled.
    private final java.util.concurrent.ConcurrentHashMap<String, Set<String>> satisfyingSets =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ModelSet(Map<String, List<String>> bases) {
        this.bases = bases;
        Map<String, Set<String>> of = new HashMap<>();
        for (String id : bases.keySet()) {
            Set<String> all = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(id));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (all.add(next)) {
                    all.add(withoutVersion(next));
                    todo.addAll(bases.get(next));
                }
            }
            of.put(id, Set.copyOf(all));
        }
        this.isOf = of;
    }

    /** The set with no models: {@code IS_OF_MODEL} compares ids only. */
    public static ModelSet empty() {
        return EMPTY;
    }

    /**
     * This set plus {@code added} (id to the ids it extends directly), replacing nothing.
     *
     * @throws IllegalArgumentException when an id exists already, a base is unknown, or the bases form a
     *     cycle (callers check documents first, to report each problem where it is)
     */
    public ModelSet with(Map<String, List<String>> added) {
        if (added.isEmpty()) {
            return this;
        }
        Map<String, List<String>> next = new LinkedHashMap<>(bases);
        for (Map.Entry<String, List<String>> e : added.entrySet()) {
            String id = Objects.requireNonNull(e.getKey(), "id");
            if (next.put(id, List.copyOf(e.getValue())) != null) {
                throw new IllegalArgumentException("model " + id + " exists already");
            }
        }
        for (Map.Entry<String, List<String>> e : added.entrySet()) {
            for (String base : e.getValue()) {
                if (!next.containsKey(base)) {
                    throw new IllegalArgumentException("model " + e.getKey() + " extends unknown model " + base);
                }
            }
        }
        String cycle = cycle(next, added.keySet());
        if (cycle != null) {
            throw new IllegalArgumentException("models extend each other in a cycle: " + cycle);
        }
        return new ModelSet(Collections.unmodifiableMap(next));
    }

    /**
     * This set without model {@code id} (this set when it has none).
     *
     * @throws IllegalArgumentException when other models extend it ({@link #extending})
     */
    public ModelSet without(String id) {
        if (!bases.containsKey(id)) {
            return this;
        }
        List<String> users = extending(id);
        if (!users.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " is extended by " + users);
        }
        Map<String, List<String>> next = new LinkedHashMap<>(bases);
        next.remove(id);
        return next.isEmpty() ? EMPTY : new ModelSet(Collections.unmodifiableMap(next));
    }

    /**
     * A path of {@code extends} that returns to where it started, among the models reachable from
     * {@code from} in {@code graph} (bases missing from the graph are ignored), as "a -> b -> a"; null
     * when there is none.
     */
    public static String cycle(Map<String, List<String>> graph, Set<String> from) {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        for (String start : from) {
            List<String> path = new ArrayList<>();
            String found = cycle(graph, start, state, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String cycle(Map<String, List<String>> graph, String id, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            loop.add(id);
            return String.join(" -> ", loop);
        }
        state.put(id, 1);
        path.add(id);
        for (String base : graph.getOrDefault(id, List.of())) {
            String found = cycle(graph, base, state, path);
            if (found != null) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return null;
    }

    public boolean isEmpty() {
        return bases.isEmpty();
    }

    public int size() {
        return bases.size();
    }

    public boolean contains(String id) {
        return bases.containsKey(id);
    }

    /** The ids, in the order they were added. */
    public Set<String> ids() {
        return Collections.unmodifiableSet(bases.keySet());
    }

    /** The ids model {@code id} extends directly; empty when it is unknown. */
    public List<String> bases(String id) {
        return bases.getOrDefault(id, List.of());
    }

    /** The models that extend {@code id} directly, sorted. */
    public List<String> extending(String id) {
        Set<String> out = new TreeSet<>();
        bases.forEach((m, b) -> {
            if (b.contains(id)) {
                out.add(m);
            }
        });
        return List.copyOf(out);
    }

    /**
     * Whether a twin of model {@code model} is of {@code wanted}: {@code model} is {@code wanted}, or
     * extends it directly or not; a {@code wanted} without {@code ;version} stands for each of its
     * versions. A model this set does not know is of {@code wanted} only when it is {@code wanted}.
     */
    public boolean isOf(String model, String wanted) {
        if (sameModel(model, wanted)) {
            return true;
        }
        Set<String> of = isOf.get(model);
        return of != null && of.contains(wanted);
    }

    /** Whether {@code model} is {@code wanted}: equal, or with a version of a {@code wanted} that has none. */
    public static boolean sameModel(String model, String wanted) {
        int n = wanted.length();
        if (model.length() == n) {
            return model.equals(wanted);
        }
        // Cheapest test first: most models differ from wanted right there.
        return model.length() > n && model.charAt(n) == ';' && wanted.indexOf(';') < 0 && model.startsWith(wanted);
    }

    /** Whether {@code wanted} names a model of this set: its id, or (without a version) one of its versions. */
    public boolean knows(String wanted) {
        if (bases.containsKey(wanted)) {
            return true;
        }
        if (wanted.indexOf(';') < 0) {
            for (String id : bases.keySet()) {
                if (sameModel(id, wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The models of this set that are of {@code wanted} ({@link #isOf}), sorted. */
    public Set<String> satisfying(String wanted) {
        return new TreeSet<>(satisfyingSet(wanted));
    }

    /**
     * {@link #isOf}{@code (model, wanted)} as a test of {@code model} alone, for a compiled
     * {@code IS_OF_MODEL('wanted')}: one hash lookup in the models of {@code wanted}, which are computed
     * once per {@code wanted} and shared.
     */
    public Predicate<String> isOf(String wanted) {
        if (bases.isEmpty()) {
            return model -> sameModel(model, wanted);
        }
        Set<String> of = satisfyingSet(wanted);
        return model -> of.contains(model) || sameModel(model, wanted);
    }

    private Set<String> satisfyingSet(String wanted) {
        Set<String> known = satisfyingSets.get(wanted);
        if (known != null) {
            return known;
        }
        Set<String> out = new HashSet<>();
        isOf.forEach((id, of) -> {
            if (of.contains(wanted)) {
                out.add(id);
            }
        });
        Set<String> shared = Collections.unmodifiableSet(out);
        if (satisfyingSets.size() >= MAX_CACHED) {
            return shared; // arguments beyond these (filters validated by the thousand) get their own
        }
        Set<String> raced = satisfyingSets.putIfAbsent(wanted, shared);
        return raced != null ? raced : shared;
    }

    /** The known id (without a version when {@code wanted} has none) closest to {@code wanted}; null when empty. */
    public String closest(String wanted) {
        boolean versioned = wanted.indexOf(';') >= 0;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String id : bases.keySet()) {
            String candidate = versioned ? id : withoutVersion(id);
            int d = EditDistance.between(wanted, candidate);
            if (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** The id without its {@code ;version} suffix. */
    public static String withoutVersion(String id) {
        int semi = id.indexOf(';');
        return semi < 0 ? id : id.substring(0, semi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSet m && bases.equals(m.bases);
    }

    @Override
    public int hashCode() {
        return bases.hashCode();
    }

    @Override
    public String toString() {
        return "ModelSet" + bases;
    }
}
