package io.eventroute.compiler.internal.index;

/**
 * The key of a pair field: two canonical values. {@link PersistentMap#getPair} finds one from its parts, so
 * that a lookup allocates nothing. Immutable.
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
        return o instanceof Pair p && a.equals(p.a) && b.equals(p.b);
    }

    @Override
    public String toString() {
        return "(" + a + ", " + b + ")";
    }
}
