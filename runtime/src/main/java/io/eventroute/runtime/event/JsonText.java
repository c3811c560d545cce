package io.eventroute.runtime.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The encoding of JSON bytes, as RFC 8259 and Jackson detect it: a byte-order mark, else the pattern of
 * zero bytes among the first four (JSON text starts with ASCII), tells UTF-16 and UTF-32 from UTF-8.
 * Readers scan UTF-8 only; other encodings are converted first. Stateless; thread-safe.
 */
final class JsonText {
    private JsonText() {
    }

    /** Whether {@code b} is UTF-8 (with or without a byte-order mark), not UTF-16 or UTF-32. */
    static boolean isUtf8(byte[] b) {
        return charset(b) == null;
    }

    /** The length of a UTF-8 byte-order mark at the start of {@code b}: 3 or 0. */
    static int utf8Bom(byte[] b) {
        return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF ? 3 : 0;
    }

    /**
     * {@code b} itself when it is UTF-8; else its text converted to UTF-8 without the byte-order mark
     * (line and column of every character stay the same).
     *
     * @throws InvalidEventException when UTF-16 or UTF-32 bytes do not decode
     */
    static byte[] utf8(byte[] b) {
        Charset cs = charset(b);
        if (cs == null) {
            return b;
        }
        CharBuffer chars;
        try {
            chars = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("invalid JSON: the event is not valid " + cs.name());
        }
        if (chars.length() > 0 && chars.charAt(0) == '\uFEFF') {
            chars.position(1);
        }
        ByteBuffer out = StandardCharsets.UTF_8.encode(chars);
        byte[] utf8 = new byte[out.remaining()];
        out.get(utf8);
        return utf8;
    }

    /** UTF-16 or UTF-32 (big or little endian) when the first bytes say so; null for UTF-8. */
    private static Charset charset(byte[] b) {
        int n = b.length;
        if (n < 2) {
            return null;
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        int b2 = n > 2 ? b[2] & 0xFF : -1;
        int b3 = n > 3 ? b[3] & 0xFF : -1;
        if (n >= 4 && b0 == 0 && b1 == 0 && (b2 == 0xFE && b3 == 0xFF || b2 == 0 && b3 != 0)) {
            return Charset.forName("UTF-32BE");
        }
        if (n >= 4 && b2 == 0 && b3 == 0 && (b0 == 0xFF && b1 == 0xFE || b0 != 0 && b1 == 0)) {
            return Charset.forName("UTF-32LE");
        }
        if (b0 == 0xFE && b1 == 0xFF || b0 == 0 && b1 != 0) {
            return StandardCharsets.UTF_16BE;
        }
        if (b0 == 0xFF && b1 == 0xFE || b0 != 0 && b1 == 0) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /**
     * The index of the first byte from {@code from} that does not begin a well-formed UTF-8 sequence
     * (RFC 3629: no overlong forms, surrogates or code points above U+10FFFF), or -1. ASCII is checked
     * 8 bytes at a time.
     */
    static int firstInvalidUtf8(byte[] b, int from) {
        int end = b.length;
        int i = from;
        // Four words at a time while all are ASCII: one test per 32 bytes.
        while (i <= end - 32 && ((Words.get(b, i) | Words.get(b, i + 8) | Words.get(b, i + 16) | Words.get(b, i + 24))
                & 0x8080808080808080L) == 0) {
            i += 32;
        }
        while (i < end) {
            if (i <= end - 8 && (Words.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8;
                continue;
            }
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int c = b[i] & 0xFF;
            int more;
            int cp;
            int min;
            if ((c & 0xE0) == 0xC0) {
                more = 1;
                cp = c & 0x1F;
                min = 0x80;
            } else if ((c & 0xF0) == 0xE0) {
                more = 2;
                cp = c & 0x0F;
                min = 0x800;
            } else if ((c & 0xF8) == 0xF0) {
                more = 3;
                cp = c & 0x07;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + more >= end) {
                return i;
            }
            for (int k = 1; k <= more; k++) {
                int d = b[i + k] & 0xFF;
                if ((d & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (d & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += more + 1;
        }
        return -1;
    }
}
