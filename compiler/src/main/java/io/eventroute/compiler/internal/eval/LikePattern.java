package io.eventroute.compiler.internal.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled LIKE pattern. {@code %} matches any run, {@code _} one code point, the escape character
 * makes the next one literal. Matching never backtracks across a {@code %}: the first segment is
 * anchored at the start, the last at the end, and each middle one takes its leftmost occurrence, so
 * the time is linear in the input for a given pattern. Immutable; thread-safe.
 */
public final class LikePattern {
    private static final int ANY_ONE = -1;

    private final int[][] segments; // code points, ANY_ONE for '_'; split at '%'
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    private LikePattern(int[][] segments, boolean anchoredStart, boolean anchoredEnd) {
        this.segments = segments;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
    }

    /**
     * Compiles {@code pattern} with escape code point {@code escape}.
     *
     * @throws IllegalArgumentException if the pattern ends with the escape character
     */
    public static LikePattern compile(String pattern, int escape) {
        List<int[]> segs = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int[] cps = pattern.codePoints().toArray();
        boolean startsWithPercent = cps.length > 0 && cps[0] == '%';
        boolean endsWithPercent = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            endsWithPercent = false;
            if (c == escape) {
                if (i + 1 == cps.length) {
                    throw new IllegalArgumentException("the pattern ends with its escape character");
                }
                current.add(cps[++i]);
            } else if (c == '%') {
                segs.add(toArray(current));
                current.clear();
                endsWithPercent = true;
            } else if (c == '_') {
                current.add(ANY_ONE);
            } else {
                current.add(c);
            }
        }
        segs.add(toArray(current));
        return new LikePattern(segs.toArray(new int[0][]), !startsWithPercent, !endsWithPercent);
    }

    private static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    /** True when the pattern has no wildcard: it matches one string only. */
    public boolean isExact() {
        return segments.length == 1 && !containsAnyOne(segments[0]);
    }

    /** True when the pattern is a literal followed by '%' only: it matches exactly the strings with that prefix. */
    public boolean isPrefixOnly() {
        if (segments.length < 2 || containsAnyOne(segments[0])) {
            return false;
        }
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].length > 0) {
                return false;
            }
        }
        return true;
    }

    /** The literal prefix every match starts with ('' when the pattern starts with a wildcard). */
    public String literalPrefix() {
        StringBuilder b = new StringBuilder();
        for (int c : segments[0]) {
            if (c == ANY_ONE) {
                break;
            }
            b.appendCodePoint(c);
        }
        return b.toString();
    }

    private static boolean containsAnyOne(int[] seg) {
        for (int c : seg) {
            if (c == ANY_ONE) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String s) {
        int n = s.length();
        if (segments.length == 1) {
            int end = matchAt(segments[0], s, 0);
            return end == n;
        }
        int pos = 0;
        int first = 0;
        int last = segments.length - 1;
        if (anchoredStart || segments[0].length > 0) {
            pos = matchAt(segments[0], s, 0);
            if (pos < 0) {
                return false;
            }
        }
        first = 1;
        // The last segment is anchored at the end; find where it must start.
        int tailStart = n;
        int[] tail = segments[last];
        if (tail.length > 0) {
            tailStart = startOfSuffix(tail, s);
            if (tailStart < pos) {
                return false;
            }
        }
        for (int k = first; k < last; k++) {
            int[] seg = segments[k];
            if (seg.length == 0) {
                continue;
            }
            int found = -1;
            for (int start = pos; start <= tailStart; start += start < n ? Character.charCount(s.codePointAt(start)) : 1) {
                int end = matchAt(seg, s, start);
                if (end >= 0 && end <= tailStart) {
                    found = end;
                    break;
                }
                if (start >= n) {
                    break;
                }
            }
            if (found < 0) {
                return false;
            }
            pos = found;
        }
        return true;
    }

    /** Matches seg at position start; returns the end position or -1. */
    private static int matchAt(int[] seg, String s, int start) {
        int pos = start;
        int n = s.length();
        for (int c : seg) {
            if (pos >= n) {
                return -1;
            }
            int cp = s.codePointAt(pos);
            if (c != ANY_ONE && c != cp) {
                return -1;
            }
            pos += Character.charCount(cp);
        }
        return pos;
    }

    /** Start index such that seg matches exactly up to the end of s, or -1. */
    private static int startOfSuffix(int[] seg, String s) {
        int pos = s.length();
        for (int k = seg.length - 1; k >= 0; k--) {
            if (pos <= 0) {
                return -1;
            }
            int cp = s.codePointBefore(pos);
            if (seg[k] != ANY_ONE && seg[k] != cp) {
                return -1;
            }
            pos -= Character.charCount(cp);
        }
        return pos;
    }
}
