package io.eventroute.compiler.internal.index;

/**
 * The key of a pair field: two canonical values. {@link Probe} is a reusable, mutable stand-in with the
 * same hash and equality, so that a lookup allocates nothing. Immutable.
 */
final class Pair {
    final Object a;
    final Object b;

    Pair(Object a, Object b) {
        this.a = a;
        this.b = b;
    }

    static int hash(Object a, Object b) {
        return 31 * a.hashCode() + b.hashCode();
    }

    @Override
    public int hashCode() {
        return hash(a, b);
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Pair p) {
            return a.equals(p.a) && b.equals(p.b);
        }
        return o instanceof Probe p && a.equals(p.a) && b.equals(p.b);
    }

    @Override
    public String toString() {
        return "(" + a + ", " + b + ")";
    }

    /** A lookup key reused by one thread; never stored in a map. */
    static final class Probe {
        Object a;
        Object b;

        Probe set(Object a, Object b) {
            this.a = a;
            this.b = b;
            return this;
        }

        @Override
        public int hashCode() {
            return hash(a, b);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && a.equals(p.a) && b.equals(p.b);
        }
    }
}
