package io.eventroute.runtime.endpoint.eventhubs;

import java.nio.charset.StandardCharsets;

/**
 * The partition Event Hubs gives a partition key: Bob Jenkins' lookup3 {@code hashlittle2} of the
 * key's UTF-8 bytes (both seeds 0), the two halves xor-ed and cut to 16 bits, modulo the partition
 * count, as the service and the Azure SDKs' partition resolvers compute it. The SDK's own copy is not
 * public; a test checks this one against it key by key. Stateless; thread-safe.
 */
final class PartitionKeyHash {
    private PartitionKeyHash() {
    }

    /** The index, among {@code partitionCount} partitions in the service's order, of {@code key}'s partition. */
    static int partitionIndex(String key, int partitionCount) {
        return Math.abs(hash16(key) % partitionCount);
    }

    /** The 16-bit hash of {@code key}. */
    static short hash16(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int a = 0xdeadbeef + k.length;
        int b = a;
        int c = a;
        int i = 0;
        int left = k.length;
        while (left > 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            i += 12;
            left -= 12;
        }
        // The tail, byte by byte where a word is incomplete; bytes are added sign-extended, as the
        // resolvers do (it matters only for non-ASCII keys).
        switch (left) {
            case 0:
                return (short) (c ^ b);
            case 12:
                c += word(k, i + 8);
                b += word(k, i + 4);
                a += word(k, i);
                break;
            case 11:
                c += k[i + 10] << 16;
                // fall through
            case 10:
                c += k[i + 9] << 8;
                // fall through
            case 9:
                c += k[i + 8];
                // fall through
            case 8:
                b += word(k, i + 4);
                a += word(k, i);
                break;
            case 7:
                b += k[i + 6] << 16;
                // fall through
            case 6:
                b += k[i + 5] << 8;
                // fall through
            case 5:
                b += k[i + 4];
                // fall through
            case 4:
                a += word(k, i);
                break;
            case 3:
                a += k[i + 2] << 16;
                // fall through
            case 2:
                a += k[i + 1] << 8;
                // fall through
            default:
                a += k[i];
                break;
        }
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return (short) (c ^ b);
    }

    /** Four bytes from {@code i}, little-endian. */
    private static int word(byte[] k, int i) {
        return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
    }
}
