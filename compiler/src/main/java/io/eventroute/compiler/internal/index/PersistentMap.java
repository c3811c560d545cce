package io.eventroute.compiler.internal.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable hash map with structural sharing (a hash array mapped trie): {@link #plus} and
 * {@link #minus} copy only the path to the changed entry, so a new version costs O(log32 n) and every
 * older version stays valid. This is what lets the route table publish a complete new snapshot per
 * change without copying 100,000 routes. Immutable; thread-safe.
 */
public final class PersistentMap<K, V> {
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Node[] {BitmapNode.EMPTY}, 0);
    private static final int WIDE_BITS = 8;
    private static final PersistentMap<?, ?> EMPTY_WIDE = new PersistentMap<>(wideRoots(), 0);

    // The trie's first level: one node, or (wide) 256 nodes chosen by the hash's top 8 bits. A wide
    // map takes one level fewer to reach a key among thousands, at the price of copying 256 references
    // per change: that suits the maps a match looks up for every event.
    private final Node[] roots;
    private final int size;
    // The batch that made this map's roots array, which plus within that batch may change in place.
    private final Edit edit;

    private PersistentMap(Node[] roots, int size) {
        this(roots, size, null);
    }

    private PersistentMap(Node[] roots, int size, Edit edit) {
        this.roots = roots;
        this.size = size;
        this.edit = edit;
    }

    /**
     * A batch of changes made on one thread before any of their results is shared (a table's load, one
     * snapshot): {@link #plus(Object, Object, Edit)} with it changes in place the arrays and nodes it
     * made itself in the batch, instead of copying them for every key. Once the batch's last map is
     * published the token must not be used again; every version from before the batch is untouched.
     */
    public static final class Edit {
    }

    private static Node[] wideRoots() {
        Node[] r = new Node[1 << WIDE_BITS];
        java.util.Arrays.fill(r, BitmapNode.EMPTY);
        return r;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /** An empty map whose lookups take one level fewer once it holds thousands of keys. */
    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> emptyWide() {
        return (PersistentMap<K, V>) EMPTY_WIDE;
    }

    private Node root(int spreadHash) {
        Node[] r = roots;
        return r.length == 1 ? r[0] : r[spreadHash >>> (32 - WIDE_BITS)];
    }

    /** This map with the root of {@code spreadHash} replaced (the same map when unchanged). */
    private PersistentMap<K, V> withRoot(int spreadHash, Node old, Node replacement, int newSize) {
        if (old == replacement) {
            return this;
        }
        Node[] r = roots.clone();
        r[r.length == 1 ? 0 : spreadHash >>> (32 - WIDE_BITS)] = replacement == null ? BitmapNode.EMPTY : replacement;
        return new PersistentMap<>(r, newSize);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    // What a lookup compares stored keys with (find's mode).
    private static final int EQUAL = 0;    // a key: a.equals(stored)
    private static final int PAIR = 1;     // a Pair of a and b, without making it
    private static final int PREFIX = 2;   // a String key equal to a.substring(0, n), without making it

    public V get(Object key) {
        return find(key.hashCode(), EQUAL, key, null, 0);
    }

    /** The value of the {@link Pair} (a, b). */
    V getPair(Object a, Object b) {
        return find(Pair.hash(a, b), PAIR, a, b, 0);
    }

    /** The value of the String key {@code s.substring(0, n)}, whose hash is {@code hash}. */
    V getPrefix(String s, int n, int hash) {
        return find(hash, PREFIX, s, null, n);
    }

    @SuppressWarnings("unchecked")
    private V find(int hash, int mode, Object a, Object b, int n) {
        int h = spread(hash);
        return (V) root(h).find(h, 0, mode, a, b, n);
    }

    /** Whether a stored key is the one a lookup of this mode seeks. One static test keeps the lookup's code monomorphic. */
    private static boolean matches(Object stored, int mode, Object a, Object b, int n) {
        switch (mode) {
            case EQUAL:
                return a.equals(stored);
            case PAIR:
                return stored instanceof Pair p && a.equals(p.a) && b.equals(p.b);
            default:
                return stored instanceof String t && t.length() == n && ((String) a).regionMatches(0, t, 0, n);
        }
    }

    public PersistentMap<K, V> plus(K key, V value) {
        return plus(key, value, null);
    }

    /** As {@link #plus(Object, Object)}, changing in place what batch {@code edit} (null: none) made. */
    public PersistentMap<K, V> plus(K key, V value, Edit edit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        boolean[] added = new boolean[1];
        int h = spread(key.hashCode());
        Node old = root(h);
        Node r = old.plus(key, h, 0, value, added, edit);
        int newSize = added[0] ? size + 1 : size;
        if (edit == null || old == r && newSize == size) {
            return withRoot(h, old, r, newSize);
        }
        Node[] rs = this.edit == edit ? roots : roots.clone();
        rs[rs.length == 1 ? 0 : h >>> (32 - WIDE_BITS)] = r;
        return new PersistentMap<>(rs, newSize, edit);
    }

    public PersistentMap<K, V> minus(Object key) {
        int h = spread(key.hashCode());
        Node old = root(h);
        Node r = old.minus(key, h, 0);
        return withRoot(h, old, r, size - 1);
    }

    /** Visits every entry, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (Node r : roots) {
            r.forEach((BiConsumer<Object, Object>) action);
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private abstract static class Node {
        abstract Object find(int hash, int shift, int mode, Object a, Object b, int n);

        /** The node with key set; {@code this} when nothing changed or when it was changed in place (edit). */
        abstract Node plus(Object key, int hash, int shift, Object value, boolean[] added, Edit edit);

        /** The node without key; {@code this} when absent, null when now empty. */
        abstract Node minus(Object key, int hash, int shift);

        abstract void forEach(BiConsumer<Object, Object> action);
    }

    /**
     * 32-way node: the bitmap says which of 32 slots are present; each present slot holds either a
     * key and value, or (key null) a child node.
     */
    private static final class BitmapNode extends Node {
        static final BitmapNode EMPTY = new BitmapNode(0, new Object[0], null);

        // Final but for the batch that made the node (edit), which may change them before publishing.
        int bitmap;
        Object[] array; // pairs: key, value  or  null, child
        final Edit edit;

        BitmapNode(int bitmap, Object[] array) {
            this(bitmap, array, null);
        }

        BitmapNode(int bitmap, Object[] array, Edit edit) {
            this.bitmap = bitmap;
            this.array = array;
            this.edit = edit;
        }

        private int index(int bit) {
            return Integer.bitCount(bitmap & (bit - 1));
        }

        @Override
        Object find(int hash, int shift, int mode, Object a, Object b, int n) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((bitmap & bit) == 0) {
                return null;
            }
            int i = index(bit) * 2;
            Object k = array[i];
            if (k == null) {
                return ((Node) array[i + 1]).find(hash, shift + 5, mode, a, b, n);
            }
            return matches(k, mode, a, b, n) ? array[i + 1] : null;
        }

        @Override
        Node plus(Object key, int hash, int shift, Object value, boolean[] added, Edit edit) {
            int bit = 1 << ((hash >>> shift) & 31);
            int i = index(bit) * 2;
            if ((bitmap & bit) == 0) {
                Object[] a = new Object[array.length + 2];
                System.arraycopy(array, 0, a, 0, i);
                a[i] = key;
                a[i + 1] = value;
                System.arraycopy(array, i, a, i + 2, array.length - i);
                added[0] = true;
                if (owned(edit)) {
                    bitmap |= bit;
                    array = a;
                    return this;
                }
                return new BitmapNode(bitmap | bit, a, edit);
            }
            Object k = array[i];
            if (k == null) {
                Node child = (Node) array[i + 1];
                Node c = child.plus(key, hash, shift + 5, value, added, edit);
                return c == child ? this : with(i + 1, c, edit);
            }
            if (key.equals(k)) {
                return array[i + 1] == value ? this : with(i + 1, value, edit);
            }
            added[0] = true;
            Node child = pair(k, spread(k.hashCode()), array[i + 1], key, hash, value, shift + 5, edit);
            if (owned(edit)) {
                array[i] = null;
                array[i + 1] = child;
                return this;
            }
            Object[] a = array.clone();
            a[i] = null;
            a[i + 1] = child;
            return new BitmapNode(bitmap, a, edit);
        }

        private boolean owned(Edit e) {
            return e != null && e == edit;
        }

        private BitmapNode with(int i, Object v) {
            return with(i, v, null);
        }

        private BitmapNode with(int i, Object v, Edit e) {
            if (owned(e)) {
                array[i] = v;
                return this;
            }
            Object[] a = array.clone();
            a[i] = v;
            return new BitmapNode(bitmap, a, e);
        }

        private static Node pair(Object k1, int h1, Object v1, Object k2, int h2, Object v2, int shift, Edit edit) {
            if (h1 == h2 || shift >= 32) {
                return new CollisionNode(h1, new Object[] {k1, v1, k2, v2});
            }
            boolean[] ignored = new boolean[1];
            return EMPTY.plus(k1, h1, shift, v1, ignored, edit).plus(k2, h2, shift, v2, ignored, edit);
        }

        @Override
        Node minus(Object key, int hash, int shift) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((bitmap & bit) == 0) {
                return this;
            }
            int i = index(bit) * 2;
            Object k = array[i];
            if (k == null) {
                Node child = (Node) array[i + 1];
                Node c = child.minus(key, hash, shift + 5);
                if (c == child) {
                    return this;
                }
                if (c != null) {
                    return with(i + 1, c);
                }
            } else if (!key.equals(k)) {
                return this;
            }
            if (bitmap == bit) {
                return null;
            }
            Object[] a = new Object[array.length - 2];
            System.arraycopy(array, 0, a, 0, i);
            System.arraycopy(array, i + 2, a, i, array.length - i - 2);
            return new BitmapNode(bitmap & ~bit, a);
        }

        @Override
        void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < array.length; i += 2) {
                if (array[i] == null) {
                    ((Node) array[i + 1]).forEach(action);
                } else {
                    action.accept(array[i], array[i + 1]);
                }
            }
        }
    }

    /** Keys whose hashes are all equal: a plain array of pairs. */
    private static final class CollisionNode extends Node {
        final int hash;
        final Object[] array;

        CollisionNode(int hash, Object[] array) {
            this.hash = hash;
            this.array = array;
        }

        @Override
        Object find(int h, int shift, int mode, Object a, Object b, int n) {
            for (int i = 0; i < array.length; i += 2) {
                if (matches(array[i], mode, a, b, n)) {
                    return array[i + 1];
                }
            }
            return null;
        }

        @Override
        Node plus(Object key, int h, int shift, Object value, boolean[] added, Edit edit) {
            if (h != hash) {
                // Only reachable below 32 bits of shift when hashes differ; nest under a bitmap node.
                Node n = new BitmapNode(1 << ((hash >>> shift) & 31), new Object[] {null, this});
                return n.plus(key, h, shift, value, added, null);
            }
            for (int i = 0; i < array.length; i += 2) {
                if (key.equals(array[i])) {
                    if (array[i + 1] == value) {
                        return this;
                    }
                    Object[] a = array.clone();
                    a[i + 1] = value;
                    return new CollisionNode(hash, a);
                }
            }
            Object[] a = Arrays.copyOf(array, array.length + 2);
            a[array.length] = key;
            a[array.length + 1] = value;
            added[0] = true;
            return new CollisionNode(hash, a);
        }

        @Override
        Node minus(Object key, int h, int shift) {
            for (int i = 0; i < array.length; i += 2) {
                if (key.equals(array[i])) {
                    if (array.length == 2) {
                        return null;
                    }
                    Object[] a = new Object[array.length - 2];
                    System.arraycopy(array, 0, a, 0, i);
                    System.arraycopy(array, i + 2, a, i, array.length - i - 2);
                    return new CollisionNode(hash, a);
                }
            }
            return this;
        }

        @Override
        void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < array.length; i += 2) {
                action.accept(array[i], array[i + 1]);
            }
        }
    }
}
