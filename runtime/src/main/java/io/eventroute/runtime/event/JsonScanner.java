package io.eventroute.runtime.event;

import io.eventroute.compiler.JsonNull;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A forward-only scanner over UTF-8 JSON bytes for selective reading: it recognises member names
 * without decoding them, skips values it is not asked for without building anything, and decodes the
 * values it is asked for into the event-view value model. Skipping checks as much as decoding does
 * (syntax, escapes, numbers, nesting depth, duplicate member names at any depth), and the bytes must
 * be well-formed UTF-8, so whether an event is accepted does not depend on which of its parts a route
 * reads. Strings are scanned 8 bytes at a time ({@link Words}). Repeated short strings (event types,
 * sources, model ids) come from a {@link StringCache}, so a stream of similar events allocates little.
 * Reused event after event by one thread; not thread-safe.
 */
final class JsonScanner {
    private static final int MAX_DEPTH = 1_000; // containers open at once, the event object included, as Jackson counts
    private static final int MAX_NUMBER_LENGTH = 1_000; // as Jackson's default StreamReadConstraints
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private byte[] b;
    private int pos;
    private int end;
    private int bom;          // the length of a UTF-8 byte-order mark before the JSON text: 3 or 0
    private int invalidUtf8;  // the first byte that is not well-formed UTF-8, or -1
    private int depth;        // the containers open at pos
    private final MemberNames names = new MemberNames();
    private final StringCache strings = new StringCache();

    // The last string scanned: its raw content b[stringStart, stringEnd) and whether it has escapes.
    int stringStart;
    int stringEnd;
    boolean stringEscaped;
    int stringHash;           // of the raw bytes, as ByteNames.hash computes it (valid when not escaped)

    /** Starts on {@code bytes}, UTF-8 JSON text, maybe after a byte-order mark. */
    void reset(byte[] bytes) {
        this.b = bytes;
        this.end = bytes.length;
        this.bom = JsonText.utf8Bom(bytes);
        this.pos = bom;
        this.invalidUtf8 = -1;
        this.depth = 0;
        names.clear(bytes);
    }

    /**
     * Consumes the opening bracket at the current position (after spaces) of an object or array.
     *
     * @throws InvalidEventException when more than {@value #MAX_DEPTH} containers would be open
     */
    void enter() {
        peek();
        if (depth == MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
        depth++;
        pos++;
    }

    /** After the closing bracket of the innermost container. */
    void leave() {
        depth--;
    }

    /**
     * Checks that the bytes are well-formed UTF-8; a malformed byte is reported when scanning reaches
     * it or by {@link #finish}, so that an earlier syntax error is still the one reported.
     */
    void checkUtf8() {
        invalidUtf8 = JsonText.firstInvalidUtf8(b, bom);
    }

    /** Moves to {@code position}, the start of a value or member name scanned before. */
    void seek(int position) {
        pos = position;
    }

    /**
     * After the top-level value: only spaces may follow, and every byte must have been UTF-8.
     *
     * @throws InvalidEventException at the first byte after the value, or the first malformed byte
     */
    void finish() {
        peek();
        if (pos < end) {
            throw error("unexpected content after the event object");
        }
        if (invalidUtf8 >= 0) {
            throw error("invalid UTF-8"); // error() names the byte and places it
        }
    }

    /** Enters an object whose names {@link #name} checks. */
    void openObject() {
        names.open();
    }

    /** Leaves the innermost object. */
    void closeObject() {
        names.close();
    }

    /**
     * Scans a member name of the innermost open object, as {@link #scanString} does, and the ':' after it.
     *
     * @throws InvalidEventException at the name when the object already has a member of that name
     */
    void name() {
        peek();
        int at = pos;
        scanString();
        if (!names.add(b, stringStart, stringEnd, stringHash, stringEscaped ? decodeString() : null)) {
            String name = decodeString();
            pos = at;
            throw error("duplicate member name '" + name + "'");
        }
        expect(':', "':'");
    }

    /** The index of the next byte to read. */
    int position() {
        return pos;
    }

    /** The next non-space byte (0 to 255), not consumed; -1 at the end. */
    int peek() {
        int p = pos;
        if (p < end && b[p] > ' ') { // compact JSON: no space to skip, one comparison
            return b[p];
        }
        return peekAfterSpaces();
    }

    private int peekAfterSpaces() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c & 0xFF; // unsigned: a non-ASCII byte is not the end (-1)
            }
            pos++;
        }
        return -1;
    }

    /** Consumes the next non-space byte, which must be {@code c}. */
    void expect(char c, String what) {
        int next = peek();
        if (next != c) {
            throw unexpected(next, what);
        }
        pos++;
    }

    /** After a member or element: true for ',', false for the closer; anything else is an error. */
    boolean more(char closer) {
        int next = peek();
        if (next == ',') {
            pos++;
            return true;
        }
        if (next == closer) {
            pos++;
            return false;
        }
        if (next == '}' || next == ']') {
            throw error("unexpected '" + (char) next + "'");
        }
        throw next < 0 ? error("unexpected end of the event") : unexpected(next, "',' or '" + closer + "'");
    }

    /** Scans a string at the current position (after spaces), setting stringStart/End/Escaped. */
    void scanString() {
        expect('"', "a string");
        byte[] bytes = b;
        int limit = end;
        int start = pos;
        int p = start;
        long h = 0; // ByteNames.hash, computed on the way: names and cached values need no second pass
        long tail = 0; // the last chunk (0-7 bytes), as ByteNames.hash takes it
        while (true) {
            byte c;
            if (p <= limit - 8) {
                long w = Words.get(bytes, p);
                long special = Words.specials(w);
                if (special == 0) {
                    h = (h ^ w) * ByteNames.MIX;
                    p += 8;
                    continue;
                }
                int k = Words.before(special); // plain bytes before the special one
                tail = w & ((1L << (k << 3)) - 1);
                p += k;
                c = bytes[p];
            } else {
                c = stringByte(bytes, p, limit);
                if (c != '"' && c != '\\' && (c < 0 || c >= 0x20)) {
                    // Entered at a chunk boundary, with fewer than 8 bytes left: they fill the last chunk.
                    tail |= (c & 0xFFL) << (((p - start) & 7) << 3);
                    p++;
                    continue;
                }
            }
            if (c == '"') {
                stringEscaped = false;
                break;
            }
            if (c == '\\') {
                // The hash is only used for strings without escapes: find the end without it.
                p = closingQuote(p);
                stringEscaped = true;
                break;
            }
            pos = p;
            throw error("control character in a string");
        }
        stringStart = start;
        stringEnd = p;
        stringHash = ByteNames.finish(h, tail);
        pos = p + 1;
    }

    /**
     * The position of the quote that closes the string whose content continues at {@code p}, checking
     * its escapes on the way (a string that is skipped is checked as one that is decoded).
     */
    private int closingQuote(int p) {
        byte[] bytes = b;
        int limit = end;
        while (true) {
            if (p <= limit - 8) {
                long special = Words.specials(Words.get(bytes, p));
                if (special == 0) {
                    p += 8;
                    continue;
                }
                p += Words.before(special);
            } else {
                while (p < limit && bytes[p] != '"' && bytes[p] != '\\' && (bytes[p] < 0 || bytes[p] >= 0x20)) {
                    p++;
                }
                if (p >= limit) { // also after a backslash that was the last byte
                    pos = limit;
                    throw error("unterminated string");
                }
            }
            byte c = bytes[p];
            if (c == '"') {
                return p;
            }
            if (c == '\\') {
                p = escape(p);
                continue;
            }
            pos = p;
            throw error("control character in a string");
        }
    }

    /** Checks the escape at {@code p} (its backslash); the position after it. */
    private int escape(int p) {
        if (p + 1 >= end) {
            pos = end;
            throw error("unterminated string");
        }
        byte e = b[p + 1];
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return p + 2;
            case 'u':
                for (int k = 2; k < 6; k++) {
                    if (p + k >= end) {
                        pos = end;
                        throw error("unterminated string");
                    }
                    if (Character.digit(b[p + k], 16) < 0) {
                        pos = p + 2;
                        throw error("bad \\u escape");
                    }
                }
                return p + 6;
            default:
                pos = p + 1;
                throw error("bad escape \\" + (char) e);
        }
    }

    /**
     * Scans and decodes the string at the current position (after spaces): a value, or a member name
     * of an object being decoded. It hashes as {@link #scanString} does (the string cache looks the
     * string up by that hash), but keeps the scanner's last-string fields as they are.
     */
    private String readString() {
        expect('"', "a string");
        byte[] bytes = b;
        int limit = end;
        int start = pos;
        int p = start;
        long h = 0;
        long tail = 0; // the last chunk, when it is read byte by byte near the end of the input
        while (true) {
            byte c;
            if (p <= limit - 8) {
                long w = Words.get(bytes, p);
                long special = Words.specials(w);
                if (special == 0) {
                    h = (h ^ w) * ByteNames.MIX;
                    p += 8;
                    continue;
                }
                int k = Words.before(special);
                tail = w & ((1L << (k << 3)) - 1);
                p += k;
                c = bytes[p];
            } else {
                c = stringByte(bytes, p, limit);
                if (c != '"' && c != '\\' && (c < 0 || c >= 0x20)) {
                    // Entered at a chunk boundary, with fewer than 8 bytes left: they fill the last chunk.
                    tail |= (c & 0xFFL) << (((p - start) & 7) << 3);
                    p++;
                    continue;
                }
            }
            if (c == '"') {
                pos = p + 1;
                return cached(start, p - start, ByteNames.finish(h, tail));
            }
            if (c == '\\') {
                int close = closingQuote(p);
                pos = close + 1;
                return unescape(start, close);
            }
            pos = p;
            throw error("control character in a string");
        }
    }

    /** The last scanned string as a Java string. */
    String decodeString() {
        if (stringEscaped) {
            return unescape(stringStart, stringEnd);
        }
        return cached(stringStart, stringEnd - stringStart, stringHash);
    }

    /** The byte at p inside a string; at the limit, the string is unterminated. */
    private byte stringByte(byte[] bytes, int p, int limit) {
        if (p >= limit) {
            pos = limit;
            throw error("unterminated string");
        }
        return bytes[p];
    }

    private String cached(int from, int length, int hash) {
        return strings.get(b, from, length, hash);
    }

    /** How many strings the cache holds at most now (it grows while it misses often). */
    int cacheSize() {
        return strings.size();
    }

    private String unescape(int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int run = i;
            while (i < to && b[i] != '\\') {
                i++;
            }
            out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i >= to) {
                break;
            }
            char e = (char) b[i + 1];
            i += 2;
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > to) {
                        pos = i;
                        throw error("bad \\u escape");
                    }
                    int cp = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0) {
                            pos = i;
                            throw error("bad \\u escape");
                        }
                        cp = cp * 16 + d;
                    }
                    out.append((char) cp);
                    i += 4;
                }
                default -> {
                    pos = i - 1;
                    throw error("bad escape \\" + e);
                }
            }
        }
        return out.toString();
    }

    /** Skips a string at the current position (at its opening quote) without hashing or decoding it. */
    private void skipString() {
        pos = closingQuote(pos + 1) + 1;
    }

    /**
     * Skips one value without decoding it, checking it as decoding would: syntax, escapes, numbers,
     * nesting depth and duplicate member names.
     */
    void skipValue() {
        int c = peek();
        if (c == '"') {
            skipString();
            return;
        }
        if (c != '{' && c != '[') {
            if (c < 0) { // the end (peek() returns other bytes unsigned; scanNumber names them)
                throw error("unexpected end of the event");
            }
            skipScalar(c);
            return;
        }
        enter();
        if (c == '[') {
            if (peek() == ']') {
                pos++;
            } else {
                do {
                    skipValue();
                } while (more(']'));
            }
        } else if (peek() == '}') {
            pos++;
        } else {
            openObject();
            do {
                name();
                skipValue();
            } while (more('}'));
            closeObject();
        }
        leave();
    }

    private void skipScalar(int c) {
        if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else {
            scanNumber();
        }
    }

    private void literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            throw error("unexpected end of the event");
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw error("unexpected token");
            }
        }
        pos += n;
    }

    /**
     * As {@link #readValue}, for a value that is new in every event (an event id, a time): a string is
     * built without the string cache, where it would only take the place of strings that do repeat.
     */
    Object readUniqueValue() {
        if (peek() != '"') {
            return readValue();
        }
        scanString();
        return stringEscaped ? unescape(stringStart, stringEnd)
                : new String(b, stringStart, stringEnd - stringStart, StandardCharsets.UTF_8);
    }

    /** Decodes one value, building lists and maps for arrays and objects. */
    Object readValue() {
        int c = peek();
        switch (c) {
            case '"':
                return readString();
            case '{': {
                enter();
                Map<String, Object> map = new LinkedHashMap<>();
                if (peek() == '}') {
                    pos++;
                } else {
                    openObject();
                    do {
                        name();
                        map.put(decodeString(), readValue());
                    } while (more('}'));
                    closeObject();
                }
                leave();
                return Collections.unmodifiableMap(map);
            }
            case '[': {
                enter();
                List<Object> list = new ArrayList<>();
                if (peek() == ']') {
                    pos++;
                } else {
                    do {
                        list.add(readValue());
                    } while (more(']'));
                }
                leave();
                return Collections.unmodifiableList(list);
            }
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return JsonNull.INSTANCE;
            default:
                if (c < 0) {
                    throw error("unexpected end of the event: expected a value");
                }
                return number();
        }
    }

    // The last number scanned: b[numberStart, pos), and what scanNumber gathered on the way.
    private int numberStart;
    private boolean negative;
    private long mantissa;
    private int digits;
    private int fractionDigits;
    private boolean isFloat;
    private boolean exponent;

    /** Decodes a JSON number: Long when integral and in range, BigInteger beyond, Double otherwise. */
    private Object number() {
        scanNumber();
        int start = numberStart;
        if (!isFloat) {
            if (digits <= 18) {
                return negative ? -mantissa : mantissa;
            }
            BigInteger big = new BigInteger(new String(b, start, pos - start, StandardCharsets.US_ASCII));
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        // Exact when the mantissa and the power of ten are both exact doubles (Clinger's fast path).
        if (!exponent && digits <= 15 && fractionDigits < POWERS_OF_TEN.length) {
            double d = mantissa / POWERS_OF_TEN[fractionDigits];
            return negative ? -d : d;
        }
        return Double.parseDouble(new String(b, start, pos - start, StandardCharsets.US_ASCII));
    }

    /** Scans a JSON number, checking its syntax and length, without building it. */
    private void scanNumber() {
        int start = pos;
        numberStart = start;
        boolean negative = false;
        if (pos < end && b[pos] == '-') {
            negative = true;
            pos++;
        }
        int intStart = pos;
        long mantissa = 0;
        int digits = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[pos] - '0');
            }
            digits++;
            pos++;
        }
        if (digits == 0) {
            throw unexpected(pos < end ? b[pos] & 0xFF : -1, "a value");
        }
        if (digits > 1 && b[intStart] == '0') {
            throw error("a number cannot start with 0");
        }
        int fractionDigits = 0;
        boolean isFloat = false;
        if (pos < end && b[pos] == '.') {
            isFloat = true;
            pos++;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[pos] - '0');
                    fractionDigits++;
                }
                digits++;
                pos++;
            }
            if (b[pos - 1] == '.') {
                throw error("expected a digit after '.'");
            }
        }
        boolean exponent = false;
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            isFloat = true;
            exponent = true;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            int expStart = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == expStart) {
                throw error("expected a digit in the exponent");
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            pos = start;
            throw error("a number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        this.negative = negative;
        this.mantissa = mantissa;
        this.digits = digits;
        this.fractionDigits = fractionDigits;
        this.isFloat = isFloat;
        this.exponent = exponent;
    }

    /**
     * The error for {@code c} (from {@link #peek}, at the current position) where {@code what} was
     * expected. A byte no JSON token starts with (a control character, a non-ASCII byte) is named.
     */
    InvalidEventException unexpected(int c, String what) {
        if (c < 0) {
            return error("unexpected end of the event: expected " + what);
        }
        if (c < 0x20 || c >= 0x7F) {
            return error("unexpected " + byteAt(pos) + ": expected " + what);
        }
        return error("expected " + what);
    }

    /** The error for an event whose first byte, {@code c} (from {@link #peek}), does not open an object. */
    InvalidEventException notAnObject(int c) {
        if (c < 0) {
            return error("the event is empty: expected a JSON object");
        }
        String what = switch (c) {
            case '"' -> "a string";
            case '[' -> "an array";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> c == '-' || (c >= '0' && c <= '9') ? "a number" : null;
        };
        if (what != null) {
            // A JSON value, just not an object: worded as the whole-event reader words it (not "invalid JSON").
            return positioned("the event must be a JSON object, not " + what);
        }
        if (c >= 0x20 && c < 0x7F) {
            return error("the event must be a JSON object");
        }
        boolean utf16 = pos == 0 && end >= 2 && ((c == 0xFE && b[1] == (byte) 0xFF) || (c == 0xFF && b[1] == (byte) 0xFE));
        return error("unexpected " + byteAt(pos) + (utf16 ? " (a UTF-16 byte-order mark: events must be UTF-8)" : "")
                + ": the event must be a JSON object");
    }

    /** Byte {@code b[p]} in hexadecimal, with the character it starts when that is well-formed UTF-8. */
    private String byteAt(int p) {
        int c = b[p] & 0xFF;
        String hex = String.format("byte 0x%02X", c);
        int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n > 0 && p + n <= end) {
            String ch = new String(b, p, n, StandardCharsets.UTF_8);
            if (ch.indexOf('\uFFFD') < 0 && ch.codePointCount(0, ch.length()) == 1) {
                return "character '" + ch + "' (" + hex + ")";
            }
        }
        return hex;
    }

    /**
     * An error at the current position, with its line and column (in characters, after a byte-order
     * mark; a line ends at LF, CR or CRLF). Malformed UTF-8 before that position is the error instead.
     */
    InvalidEventException error(String problem) {
        if (invalidUtf8 >= 0 && invalidUtf8 <= pos) {
            pos = invalidUtf8;
            problem = String.format("invalid UTF-8 byte 0x%02X", b[pos] & 0xFF);
        }
        return positioned("invalid JSON: " + problem);
    }

    /** {@code message} at the current position, with its line and column. */
    private InvalidEventException positioned(String message) {
        int at = Math.min(pos, end);
        int line = 1;
        int lineStart = bom;
        for (int i = bom; i < at; i++) {
            if (b[i] == '\n' || b[i] == '\r' && (i + 1 >= end || b[i + 1] != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < at; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new InvalidEventException(message, line, column);
    }
}
