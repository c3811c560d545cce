package io.eventroute.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lines of a JSON Lines input as bytes (never decoded to text, which would cost a copy per event):
 * one file, every {@code *.jsonl} file of a directory in name order, or standard input; a file named
 * {@code *.json} is one event (or batch) however it is laid out. Blank lines are skipped, a UTF-8 byte order mark at a file's start is dropped, and {@code \r\n} ends a line as
 * {@code \n} does. Not thread-safe: one reader at a time; {@link #close()} may come from another thread.
 */
public final class EventLines implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int BUFFER = 1 << 16;

    /** One non-blank line: where it is and its bytes. */
    public record Line(String source, long number, byte[] bytes) {
    }

    /**
     * One element of a batch line: its 1-based position and its bytes, whatever JSON value it is (one
     * that is not an object is rejected as a single event on a line would be, with the same words).
     */
    public record Element(int index, byte[] bytes) {
    }

    private final List<String> names;
    private final List<Path> paths;
    private final InputStream stdin;
    private int next;
    private String source;
    private InputStream in;
    private long lineNumber;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private volatile boolean closed;
    private boolean wholeFile;

    private EventLines(List<String> names, List<Path> paths, InputStream stdin) {
        this.names = names;
        this.paths = paths;
        this.stdin = stdin;
    }

    /**
     * The input named {@code events}: {@code -} for {@code stdin}, a file, or a directory of
     * {@code *.jsonl} files. Files are opened one after the other as reading reaches them.
     *
     * @throws UserException when the file or directory is missing, or the directory holds no *.jsonl file
     */
    public static EventLines open(String events, InputStream stdin) {
        if (events.equals(Inputs.STDIN)) {
            return new EventLines(List.of(Inputs.STDIN), Arrays.asList((Path) null), stdin);
        }
        Path path;
        try {
            path = Path.of(events);
        } catch (InvalidPathException e) {
            throw new UserException(events + ": not a valid file name (" + e.getReason() + ")");
        }
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UserException(events + ": cannot list the directory (" + e.getMessage() + ")");
            }
            if (files.isEmpty()) {
                throw new UserException(events + ": the directory holds no *.jsonl file");
            }
            List<String> names = new ArrayList<>();
            files.forEach(f -> names.add(f.toString()));
            return new EventLines(names, files, stdin);
        }
        // Not only regular files: a named pipe, <(command) and /dev/null are inputs too.
        if (!Files.exists(path)) {
            throw new UserException(events + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw new UserException(events + ": permission denied");
        }
        return new EventLines(List.of(events), List.of(path), stdin);
    }

    /** Standard input of this process as a file, to compare it with other files (Linux and macOS). */
    public static final String STDIN_DEVICE = "/dev/stdin";

    /** The file being read now (or {@code -}); the first one before reading starts. */
    public String currentSource() {
        return source != null ? source : names.get(0);
    }

    /**
     * The files this input reads, to compare with output files: standard input is included (as
     * {@link #STDIN_DEVICE}) only when {@code stdinIsTheProcesses} and the device exists.
     */
    public List<Path> paths(boolean stdinIsTheProcesses) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (p != null) {
                out.add(p);
            } else if (stdinIsTheProcesses && Files.exists(Path.of(STDIN_DEVICE))) {
                out.add(Path.of(STDIN_DEVICE));
            }
        }
        return out;
    }

    /** The files (or {@code -}) this input reads, in order. */
    public List<String> sources() {
        return List.copyOf(names);
    }

    /** The next non-blank line, or null at the end of the last input (or once closed). */
    public Line next() throws IOException {
        while (!closed) {
            if (in == null && !openNext()) {
                return null;
            }
            int length = wholeFile ? readWholeFile() : readLine();
            if (length < 0) {
                closeCurrent();
                continue;
            }
            lineNumber++;
            if (lineNumber == 1 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                    && (line[2] & 0xFF) == 0xBF) {
                System.arraycopy(line, 3, line, 0, length - 3);
                length -= 3;
            }
            if (!blank(line, length)) {
                return new Line(source, lineNumber, Arrays.copyOf(line, length));
            }
        }
        return null;
    }

    private boolean openNext() throws IOException {
        if (next >= names.size()) {
            return false;
        }
        source = names.get(next);
        Path p = paths.get(next);
        next++;
        in = p == null ? stdin : Files.newInputStream(p);
        wholeFile = p != null && source.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        lineNumber = 0;
        pos = 0;
        limit = 0;
        return true;
    }

    // The line's length in `line` (without \n or \r\n), or -1 at the end of the input.
    private int readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? trimCr(length) : -1;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buffer, start, line, length, n);
            length += n;
            if (pos < limit) {
                pos++;
                return trimCr(length);
            }
        }
    }

    // A .json file is one event (or one batch), pretty-printed or not: the whole file is its line. Line
    // breaks become spaces, which keeps the JSON's meaning (a string cannot hold a raw line break) and
    // keeps it one line for the JSON Lines endpoints write.
    private int readWholeFile() throws IOException {
        if (lineNumber > 0) {
            return -1;
        }
        byte[] all = in.readAllBytes();
        if (all.length > line.length) {
            line = new byte[all.length];
        }
        for (int i = 0; i < all.length; i++) {
            byte c = all[i];
            line[i] = c == '\n' || c == '\r' ? (byte) ' ' : c;
        }
        return all.length;
    }

    private int trimCr(int length) {
        return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    }

    private static boolean blank(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** True when the line's first non-blank byte is {@code [}: a batch of events. */
    public static boolean isBatch(byte[] line) {
        for (byte c : line) {
            if (c != ' ' && c != '\t') {
                return c == '[';
            }
        }
        return false;
    }

    /**
     * The elements of a batch line, each as its own bytes (unchanged, so that endpoints get what was
     * read).
     *
     * @throws JsonProcessingException when the line is not one well-formed JSON array
     */
    public static List<Element> elements(byte[] line) throws IOException {
        List<Element> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(p, "expected a JSON array");
            }
            int index = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new JsonParseException(p, "the array is not closed");
                }
                index++;
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (t.isScalarValue()) {
                    // A scalar's text is read lazily; until it is, the location stops at its first byte.
                    p.finishToken();
                } else {
                    p.skipChildren();
                }
                int end = (int) p.currentLocation().getByteOffset();
                byte[] bytes = Arrays.copyOfRange(line, start, end);
                out.add(new Element(index, bytes));
            }
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "content after the end of the array");
            }
        }
        return out;
    }

    private void closeCurrent() throws IOException {
        InputStream current = in;
        in = null;
        if (current != null && current != stdin) {
            current.close();
        }
    }

    /**
     * Stops reading: {@link #next()} returns null from now on, and a file being read is closed (a read
     * blocked on it may fail). Standard input is left open. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        try {
            closeCurrent();
        } catch (IOException e) {
            // Closing an input we only read from loses nothing.
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }
}
