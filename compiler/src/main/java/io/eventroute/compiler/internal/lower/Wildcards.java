package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.internal.eval.Tri;
import java.util.ArrayList;
import java.util.List;

/** {@code [*]} paths and ANY/ALL (language document, sections 5 and 8a). */
final class Wildcards {
    private Wildcards() {
    }

    /**
     * A path with one or more {@code [*]}: the value before the first wildcard, then for each
     * wildcard the steps that follow it. Expands to every value the path reaches; a wildcard over a
     * non-array yields one undefined value.
     */
    static final class Source {
        final Val base;
        final DataPointer[] afterEachWildcard;
        final String text;

        Source(Val base, DataPointer[] afterEachWildcard, String text) {
            this.base = base;
            this.afterEachWildcard = afterEachWildcard;
            this.text = text;
        }

        List<Object> expand(EventView event, Frame frame) {
            List<Object> current = new ArrayList<>(1);
            current.add(base.eval(event, frame));
            for (DataPointer steps : afterEachWildcard) {
                List<Object> next = new ArrayList<>();
                for (Object v : current) {
                    if (v instanceof List<?> list) {
                        for (Object element : list) {
                            next.add(steps.resolve(element));
                        }
                    } else {
                        next.add(null);
                    }
                }
                current = next;
            }
            return current;
        }
    }

    /**
     * A test containing [*] paths, tried for every combination of their values: true when one makes
     * it true, undefined when none does but one is undefined, false otherwise (false when a path
     * reaches no element at all).
     */
    static final class EachTest extends Cond {
        final Source[] sources;
        final Cond body;

        EachTest(Source[] sources, Cond body) {
            this.sources = sources;
            this.body = body;
        }

        @Override
        public int test(EventView event, Frame frame) {
            int k = sources.length;
            List<?>[] values = new List<?>[k];
            for (int i = 0; i < k; i++) {
                values[i] = sources[i].expand(event, frame);
                if (values[i].isEmpty()) {
                    return Tri.FALSE;
                }
            }
            Object[] bindings = new Object[k];
            Frame inner = new Frame(frame == null ? null : frame.element, bindings);
            int[] index = new int[k];
            int result = Tri.FALSE;
            while (true) {
                for (int i = 0; i < k; i++) {
                    bindings[i] = values[i].get(index[i]);
                }
                int t = body.test(event, inner);
                if (t == Tri.TRUE) {
                    return Tri.TRUE;
                }
                if (t == Tri.UNKNOWN) {
                    result = Tri.UNKNOWN;
                }
                int i = k - 1;
                while (i >= 0 && ++index[i] == values[i].size()) {
                    index[i] = 0;
                    i--;
                }
                if (i < 0) {
                    return result;
                }
            }
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("(for-some");
            for (Source s : sources) {
                b.append(' ').append(s.text);
            }
            return b.append(' ').append(body).append(')').toString();
        }
    }

    /** ANY(array, condition) or ALL(array, condition): Kleene OR or AND over the elements. */
    static final class Quantifier extends Cond {
        final Val array;
        final Cond condition;
        final boolean all;

        Quantifier(Val array, Cond condition, boolean all) {
            this.array = array;
            this.condition = condition;
            this.all = all;
        }

        @Override
        public int test(EventView event, Frame frame) {
            if (!(array.eval(event, frame) instanceof List<?> list)) {
                return Tri.UNKNOWN;
            }
            int stop = all ? Tri.FALSE : Tri.TRUE;
            int result = all ? Tri.TRUE : Tri.FALSE;
            for (Object element : list) {
                int t = condition.test(event, new Frame(element, null));
                if (t == stop) {
                    return stop;
                }
                if (t == Tri.UNKNOWN) {
                    result = Tri.UNKNOWN;
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return "(" + (all ? "all " : "any ") + array + " " + condition + ")";
        }
    }
}
