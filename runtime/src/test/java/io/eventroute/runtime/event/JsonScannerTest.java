package io.eventroute.runtime.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The scanner's word-at-a-time string scanning agrees with a byte-by-byte reading wherever the closing
 * quote, a backslash or a control character falls within or across 8-byte words, and up to the end of
 * the input: same bounds, same hash as {@link ByteNames#hash}, same errors at the same positions.
 */
class JsonScannerTest {
    // Bytes a string can hold as they are, some of them non-ASCII (signed negative in Java).
    private static final byte[] PLAIN = "azAZ09 ~!#/]}\u007f".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPECIAL = {'"', '\\', 0x00, 0x01, 0x1F};

    /** What a byte-by-byte scan of the string whose content starts at {@code from} finds. */
    private record Expected(int end, boolean escaped, int hash, String error, int errorAt) {
        static Expected of(byte[] b, int from) {
            // ByteNames.hash byte by byte: 8 bytes make a little-endian chunk, mixed in when full.
            long h = 0;
            long chunk = 0;
            int n = 0;
            boolean escaped = false;
            int p = from;
            while (true) {
                if (p >= b.length) {
                    return new Expected(-1, false, 0, "unterminated string", b.length);
                }
                byte c = b[p];
                if (c == '"') {
                    return new Expected(p, escaped, (int) (((h ^ chunk) * 0x9E3779B97F4A7C15L) >>> 32), null, -1);
                }
                if (c == '\\') {
                    // Every scan checks escapes, as decoding does (skipping and name scanning once let any byte follow).
                    escaped = true;
                    if (p + 1 >= b.length) {
                        return new Expected(-1, false, 0, "unterminated string", b.length);
                    }
                    byte e = b[p + 1];
                    if (e == 'u') {
                        for (int k = 2; k < 6; k++) {
                            if (p + k >= b.length) {
                                return new Expected(-1, false, 0, "unterminated string", b.length);
                            }
                            if (Character.digit(b[p + k], 16) < 0) {
                                return new Expected(-1, false, 0, "bad \\u escape", p + 2);
                            }
                        }
                        p += 6;
                        continue;
                    }
                    if ("\"\\/bfnrt".indexOf(e) < 0) {
                        return new Expected(-1, false, 0, "bad escape \\" + (char) e, p + 1);
                    }
                    p += 2;
                    continue;
                }
                if (c >= 0 && c < 0x20) {
                    return new Expected(-1, false, 0, "control character in a string", p);
                }
                chunk |= (c & 0xFFL) << (8 * (n % 8));
                if (++n % 8 == 0) {
                    h = (h ^ chunk) * 0x9E3779B97F4A7C15L;
                    chunk = 0;
                }
                p++;
            }
        }
    }

    /** Scans the string at {@code from} (its opening quote) both ways; also skips it inside an array. */
    private static void check(byte[] b, int from) {
        Expected expected = Expected.of(b, from + 1);
        JsonScanner s = new JsonScanner();
        s.reset(b); // the bytes before from are spaces: scanning starts at the quote
        String where = Arrays.toString(b) + " from " + from;
        if (expected.error != null) {
            InvalidEventException e = assertThrows(InvalidEventException.class, s::scanString, where);
            assertEquals(message(b, expected), e.getMessage(), where);
        } else {
            s.scanString();
            assertEquals(from + 1, s.stringStart, where);
            assertEquals(expected.end, s.stringEnd, where);
            assertEquals(expected.escaped, s.stringEscaped, where);
            if (!expected.escaped) {
                assertEquals(expected.hash, s.stringHash, where);
                assertEquals(ByteNames.hash(b, from + 1, expected.end), s.stringHash, where);
            }
        }
        // readValue takes its own path (another hash, for the cache): same string, same errors.
        JsonScanner reading = new JsonScanner();
        reading.reset(b);
        if (expected.error != null) {
            InvalidEventException e = assertThrows(InvalidEventException.class, reading::readValue, where);
            assertEquals(message(b, expected), e.getMessage(), where);
        } else if (!expected.escaped) {
            assertEquals(new String(b, from + 1, expected.end - from - 1, StandardCharsets.UTF_8), reading.readValue(), where);
            assertEquals(expected.end + 1, reading.position(), where);
        } else {
            assertEquals(outcome(s::decodeString), outcome(reading::readValue), where);
        }
        // skipValue takes the other path (no hash): same end, same errors.
        JsonScanner skipping = new JsonScanner();
        skipping.reset(b);
        if (expected.error != null) {
            InvalidEventException e = assertThrows(InvalidEventException.class, skipping::skipValue, where);
            assertEquals(message(b, expected), e.getMessage(), where);
        } else {
            skipping.skipValue();
            assertEquals(expected.end + 1, skipping.position(), where);
        }
    }

    /** A value, or the message of the exception it threw. */
    private static Object outcome(Supplier<Object> read) {
        try {
            return read.get();
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
    }

    private static String message(byte[] b, Expected e) {
        int column = 1;
        for (int i = 0; i < e.errorAt; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return "invalid JSON: " + e.error + " at line 1, column " + column;
    }

    @Test
    void aSpecialByteAtEveryOffsetWithinAndAcrossWords() {
        for (int prefix = 0; prefix < 9; prefix++) {
            for (int length = 0; length < 26; length++) {
                for (int at = 0; at < length; at++) {
                    for (byte special : SPECIAL) {
                        byte[] b = new byte[prefix + 2 + length];
                        Arrays.fill(b, 0, prefix, (byte) ' ');
                        b[prefix] = '"';
                        for (int i = 0; i < length; i++) {
                            b[prefix + 1 + i] = PLAIN[(i * 7 + prefix) % PLAIN.length];
                        }
                        b[prefix + 1 + at] = special;
                        b[b.length - 1] = '"';
                        check(b, prefix);
                        // Without the closing quote: the string runs to the end of the input.
                        check(Arrays.copyOf(b, b.length - 1), prefix);
                        check(Arrays.copyOf(b, b.length - 1 - (length - at) / 2), prefix);
                    }
                }
            }
        }
    }

    @Test
    void stringsEndingExactlyAtTheEndOfTheInput() {
        for (int length = 0; length < 40; length++) {
            byte[] b = new byte[length + 2];
            b[0] = '"';
            for (int i = 0; i < length; i++) {
                b[1 + i] = (byte) ('a' + i % 26);
            }
            b[length + 1] = '"';
            check(b, 0);
            check(Arrays.copyOf(b, length + 1), 0); // unterminated
            byte[] backslashLast = b.clone();
            backslashLast[length + 1] = '\\';
            check(backslashLast, 0); // the backslash hides the end: unterminated
        }
    }

    @Test
    void randomStringsWithNonAsciiAndEscapes() {
        long seed = Seeds.announce("JsonScannerTest.randomStringsWithNonAsciiAndEscapes");
        Random r = new Random(seed);
        byte[][] parts = {"a".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
            "\u20ac".getBytes(StandardCharsets.UTF_8), "\ud83d\ude00".getBytes(StandardCharsets.UTF_8), {'\\', '"'},
            {'\\', '\\'}, {'\\', 'u', '0', '0', 'e', '9'}, {'\\', (byte) 0xC3}, {'\\', 0x01}, {(byte) 0xFF},
            "Microsoft.DigitalTwins".getBytes(StandardCharsets.UTF_8), {0x09}, {'"'}};
        for (int i = 0; i < 20_000; i++) {
            int prefix = r.nextInt(9);
            byte[] b = new byte[prefix + 1 + 64];
            Arrays.fill(b, 0, prefix, (byte) ' ');
            b[prefix] = '"';
            int n = prefix + 1;
            while (true) {
                byte[] part = parts[r.nextInt(r.nextInt(20) == 0 ? parts.length : parts.length - 2)];
                if (n + part.length > b.length || r.nextInt(12) == 0) {
                    break;
                }
                System.arraycopy(part, 0, b, n, part.length);
                n += part.length;
            }
            byte[] json = Arrays.copyOf(b, r.nextInt(10) == 0 ? n : n + 1);
            if (json.length > n) {
                json[n] = '"';
            }
            int from = prefix;
            try {
                check(json, from);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void hashOfEveryByteAtEveryPlaceInAWord() {
        for (int v = -128; v < 128; v++) {
            byte c = (byte) v;
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                continue;
            }
            for (int at = 0; at < 16; at++) {
                byte[] b = new byte[19];
                b[0] = '"';
                Arrays.fill(b, 1, 18, (byte) (v < 0 ? 'x' : 0xE9));
                b[1 + at] = c;
                b[18] = '"';
                check(b, 0);
            }
        }
    }

    @Test
    void theStringCacheNeverConfusesStringsThatShareASlot() {
        // Far more strings than the cache holds, most of one length: every set sees many of them.
        JsonScanner s = new JsonScanner();
        Random r = new Random(7);
        for (int i = 0; i < 60_000; i++) {
            String expected = i % 3 == 0 ? "v" + (i % 20) : String.format("twin-%06d", r.nextInt(20_000));
            s.reset(("\"" + expected + "\"").getBytes(StandardCharsets.US_ASCII));
            assertEquals(expected, s.readValue());
        }
        // A repeated string comes from the cache wherever it stands: its slot depends on its bytes only
        // (its last bytes read one at a time near the end of the input, or all of it a word at a time).
        String repeated = "dtmi:contoso:Room;1";
        s.reset(("\"" + repeated + "\"").getBytes(StandardCharsets.US_ASCII));
        Object first = s.readValue();
        s.reset((" [ \"" + repeated + "\" ]").getBytes(StandardCharsets.US_ASCII));
        assertSame(first, ((List<?>) s.readValue()).get(0));
        s.reset(("\"" + repeated + "\"                ").getBytes(StandardCharsets.US_ASCII));
        assertSame(first, s.readValue());
    }

    @Test
    void theStringCacheGrowsOnAStreamOfManyStringsAndThenHitsIt() {
        JsonScanner few = new JsonScanner();
        JsonScanner many = new JsonScanner();
        int initial = few.cacheSize();
        // 30,000 twins: more than the first cache holds, fewer than the largest. Each pass keeps what it read.
        Object[] previous = new Object[30_000];
        int fromCache = 0;
        for (int pass = 0; pass < 6; pass++) {
            fromCache = 0;
            for (int i = 0; i < 30_000; i++) {
                many.reset(("\"twin-" + i + "\"").getBytes(StandardCharsets.US_ASCII));
                Object read = many.readValue();
                assertEquals("twin-" + i, read);
                fromCache += read == previous[i] ? 1 : 0;
                previous[i] = read;
                few.reset(("\"twin-" + i % 1000 + "\"").getBytes(StandardCharsets.US_ASCII));
                assertEquals("twin-" + i % 1000, few.readValue());
            }
        }
        assertEquals(initial, few.cacheSize(), "a cache that holds the strings stays at its first size");
        assertTrue(many.cacheSize() > 30_000 && many.cacheSize() <= StringCache.MAX_SIZE, "grown: " + many.cacheSize());
        // The last pass found many strings where the pass before left them (a two-way cache of 65,536 holds
        // about 60% of 30,000 read in a cycle); the first cache, 4,096, would have kept none of them a pass long.
        assertTrue(fromCache > 15_000, fromCache + " of 30,000 strings came from the cache");
    }

    /** A byte no JSON token starts with is named where it stands, never taken for the end of the event. */
    @Test
    void bytesOutsideStringsAreNamedWithTheirPosition() {
        ReadPlan plan = ReadPlan.of(Set.of("type"), Set.of());
        // (UTF-16 and UTF-32 with a byte-order mark are read, as Jackson reads them: SelectiveEventPropertyTest.)
        Object[][] cases = {
            {"{\"type\": \u00e9}".getBytes(StandardCharsets.UTF_8),
                "unexpected character '\u00e9' (byte 0xC3): expected a value at line 1, column 10"},
            {"{\"type\": \u20ac1}".getBytes(StandardCharsets.UTF_8),
                "unexpected character '\u20ac' (byte 0xE2): expected a value at line 1, column 10"},
            {"{\u00e9:1}".getBytes(StandardCharsets.UTF_8),
                "unexpected character '\u00e9' (byte 0xC3): expected a string at line 1, column 2"},
            {"{\"id\":\"x\"\u00e9,\"type\":\"t\"}".getBytes(StandardCharsets.UTF_8),
                "unexpected character '\u00e9' (byte 0xC3): expected ',' or '}' at line 1, column 10"},
            {"{\"type\" \u00e9 \"t\"}".getBytes(StandardCharsets.UTF_8),
                "unexpected character '\u00e9' (byte 0xC3): expected ':' at line 1, column 9"},
            // Malformed UTF-8 is named as such, wherever it stands.
            {new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', (byte) 0x80, '}'},
                "invalid UTF-8 byte 0x80 at line 1, column 9"},
            {new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', (byte) 0xC3, '}'},
                "invalid UTF-8 byte 0xC3 at line 1, column 9"},
            {new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', 0x01, '}'},
                "unexpected byte 0x01: expected a value at line 1, column 9"},
            {" \u00e9".getBytes(StandardCharsets.UTF_8),
                "unexpected character '\u00e9' (byte 0xC3): the event must be a JSON object at line 1, column 2"},
        };
        for (Object[] c : cases) {
            byte[] json = (byte[]) c[0];
            String where = Arrays.toString(json);
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> new SelectiveEvent(plan).read(json),
                    where);
            assertEquals("invalid JSON: " + c[1], e.getMessage(), where);
        }
    }

    /**
     * The UTF-8 check reads 32 bytes at a time while they are ASCII: a malformed byte, or a well-formed
     * multi-byte character, at any offset of a long event is found where it stands (or accepted).
     */
    @Test
    void utf8IsCheckedAtEveryOffsetOfALongEvent() {
        ReadPlan plan = ReadPlan.of(Set.of("type"), Set.of());
        String prefix = "{\"type\":\"t\",\"id\":\"";
        for (int offset = 0; offset < 100; offset++) {
            byte[] head = (prefix + "x".repeat(offset)).getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("y".repeat(100 - offset) + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] bad = new byte[head.length + 1 + tail.length];
            System.arraycopy(head, 0, bad, 0, head.length);
            bad[head.length] = (byte) 0xBF; // a continuation byte with nothing before it
            System.arraycopy(tail, 0, bad, head.length + 1, tail.length);
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> new SelectiveEvent(plan).read(bad),
                    "offset " + offset);
            assertEquals("invalid JSON: invalid UTF-8 byte 0xBF at line 1, column " + (head.length + 1), e.getMessage());

            byte[] good = (prefix + "x".repeat(offset) + "\u00e9\u20ac" + "y".repeat(100 - offset) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals("t", new SelectiveEvent(plan).read(good).attribute("type"), "offset " + offset);
        }
    }

    @Test
    void selectiveReadingReportsErrorsAtTheSameColumnAsBefore() {
        // Positions the byte-by-byte reader reported; reading words at a time must not move them.
        ReadPlan plan = ReadPlan.of(Set.of("type"), Set.of());
        String deep = "[".repeat(1001) + "]".repeat(1001);
        String[][] cases = {
            {"{\"id\":\"0123456789abcdef\u0001\",\"type\":\"t\"}", "control character in a string at line 1, column 24"},
            {"{\"type\":\"0123456789abcdef\u0001\"}", "control character in a string at line 1, column 26"},
            {"{\"0123456789abcdef\u001f\":1,\"type\":\"t\"}", "control character in a string at line 1, column 19"},
            {"{\"type\":\"0123456789\u00e9\u00e9\u00e9\u00e9\u00e9", "unterminated string at line 1, column 25"},
            {"{\"id\":\"01234567\\", "unterminated string at line 1, column 17"},
            {"{\"type\":\"0123456\\q\"}", "bad escape \\q at line 1, column 18"},
            // Skipped containers: nesting, closers, the end, a non-ASCII byte outside strings, strings inside.
            // The event object counts as a level, as Jackson counts it: 1,000 arrays inside it are one too many
            // (skipping once allowed them, and Jackson's decoding refused them).
            {"{\"x\":" + deep + ",\"type\":\"t\"}", "nested more than 1000 levels deep at line 1, column 1005"},
            {"{\"x\":[1, \u00e9],\"type\":\"t\"}", "unexpected character '\u00e9' (byte 0xC3): expected a value at line 1, column 10"},
            {"{\"x\":{\"a\":[1}],\"type\":\"t\"}", "unexpected '}' at line 1, column 13"},
            {"{\"x\":[1,  ", "unexpected end of the event at line 1, column 11"},
            {"{\"x\":[\"a\\\"]\", {\"y\":\"\u0001\"}]}", "control character in a string at line 1, column 21"},
            {"{\"x\":]", "expected a value at line 1, column 6"},
        };
        for (String[] c : cases) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> new SelectiveEvent(plan).read(c[0].getBytes(StandardCharsets.UTF_8)), c[0]);
            assertEquals("invalid JSON: " + c[1], e.getMessage(), c[0]);
        }
        String spaced = "{\"x\":[1,\n  {\"b\" : [ ] } ] ,\"type\":\"t\"}";
        assertEquals("t", new SelectiveEvent(plan).read(spaced.getBytes(StandardCharsets.UTF_8)).attribute("type"));
    }
}
