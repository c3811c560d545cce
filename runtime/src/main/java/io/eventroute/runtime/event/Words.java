package io.eventroute.runtime.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-array operations a word (8 bytes) at a time, for the scanner: a word is read little-endian, so
 * its lowest byte is the first in the array. Stateless; thread-safe.
 */
final class Words {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L; // the bytes below are control characters

    private Words() {
    }

    /** The 8 bytes of {@code b} from {@code i}, which must be at most {@code b.length - 8}. */
    static long get(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /**
     * The high bit of each byte of {@code w} that is '"', '\\' or a control character (below 0x20).
     * A borrow can also mark a byte after such a byte, never one before it: the lowest mark is exact.
     */
    static long specials(long w) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        return ((q - ONES) & ~q | (s - ONES) & ~s | (w - SPACES) & ~w) & HIGH_BITS;
    }

    /** The number of bytes before the first one that {@link #specials} marked (0-7). */
    static int before(long specials) {
        return Long.numberOfTrailingZeros(specials) >>> 3;
    }

    /** Whether {@code a[aFrom, aFrom + length)} and {@code b[bFrom, bFrom + length)} hold the same bytes. */
    static boolean same(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        if (length >= 8) {
            int last = length - 8;
            for (int k = 0; k < last; k += 8) {
                if (get(a, aFrom + k) != get(b, bFrom + k)) {
                    return false;
                }
            }
            return get(a, aFrom + last) == get(b, bFrom + last); // may overlap the word before: still exact
        }
        if (aFrom <= a.length - 8 && bFrom <= b.length - 8) { // one word each, compared on its first bytes
            return ((get(a, aFrom) ^ get(b, bFrom)) & ((1L << (length << 3)) - 1)) == 0;
        }
        for (int k = 0; k < length; k++) {
            if (a[aFrom + k] != b[bFrom + k]) {
                return false;
            }
        }
        return true;
    }
}
