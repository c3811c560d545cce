package io.eventroute.cli.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line arguments as typed, in UTF-8 whatever the locale. Without a UTF-8 locale (the
 * usual case in containers) the JVM decodes arguments as ASCII and turns {@code ü} into {@code ??}
 * before {@code main} runs, so a filter would silently never match. On Linux the raw bytes are still
 * in {@code /proc/self/cmdline}; they are used when they are provably the same arguments. Stateless.
 */
public final class Arguments {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private Arguments() {
    }

    /** {@code args} re-decoded as UTF-8 when the JVM decoded them with a single-byte charset; else as given. */
    public static String[] asTyped(String[] args) {
        Charset jnu;
        try {
            jnu = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return args;
        }
        if (args.length == 0 || jnu.equals(StandardCharsets.UTF_8) || jnu.newEncoder().maxBytesPerChar() > 1
                || !Files.isReadable(CMDLINE)) {
            return args;
        }
        try {
            return asTyped(args, Files.readAllBytes(CMDLINE));
        } catch (IOException e) {
            return args;
        }
    }

    /** {@code args} re-decoded from the NUL-terminated {@code cmdline}, whose last entries they are. */
    static String[] asTyped(String[] args, byte[] cmdline) {
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                byte[] entry = new byte[i - start];
                System.arraycopy(cmdline, start, entry, 0, entry.length);
                entries.add(entry);
                start = i + 1;
            }
        }
        if (entries.size() < args.length) {
            return args;
        }
        String[] out = new String[args.length];
        int offset = entries.size() - args.length;
        for (int i = 0; i < args.length; i++) {
            byte[] raw = entries.get(offset + i);
            // The same argument: equal where ASCII, and one mangled character per non-ASCII byte.
            if (!shadow(raw).equals(shadow(args[i]))) {
                return args;
            }
            try {
                out[i] = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                out[i] = args[i]; // not UTF-8 either: keep what the JVM made of it
            }
        }
        return out;
    }

    private static String shadow(byte[] raw) {
        StringBuilder b = new StringBuilder(raw.length);
        for (byte c : raw) {
            b.append(c >= 0 ? (char) c : '?');
        }
        return b.toString();
    }

    private static String shadow(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x80 ? c : '?');
        }
        return b.toString();
    }
}
