package io.eventroute.runtime.endpoint.file;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.EndpointSettings;
import io.eventroute.runtime.endpoint.internal.KindSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code file} endpoint kind: appends each event's structured-mode JSON as one line to one file
 * (JSON Lines). Settings: {@code path} (required; parent directories are created), {@code fsync}
 * (force each batch to the disk; default false: each batch is written with one system call and is
 * visible to readers when the send returns), {@code maxBatchCount} (default 1000) and
 * {@code maxBatchBytes} (default 4 MiB). A route's topic is ignored: an endpoint is one file. A batch is
 * all or nothing: after a failed write the file is cut back to where the batch began. Thread-safe.
 */
public final class FileEndpoint implements EndpointSender {
    private final String name;
    private final Path path;
    private final boolean fsync;
    private final int maxBatchCount;
    private final long maxBatchBytes;
    private final FileChannel channel;
    // Lines are gathered here and written in large pieces: a direct buffer is what the channel writes
    // from (a heap one is copied into a temporary direct one first), and reusing it spares allocating
    // and zeroing a buffer per batch. Guarded by send's lock.
    private final ByteBuffer out = ByteBuffer.allocateDirect(256 * 1024);

    private FileEndpoint(String name, Path path, boolean fsync, int maxBatchCount, long maxBatchBytes,
            FileChannel channel) {
        this.name = name;
        this.path = path;
        this.fsync = fsync;
        this.maxBatchCount = maxBatchCount;
        this.maxBatchBytes = maxBatchBytes;
        this.channel = channel;
    }

    /** The factory of the {@code file} kind. */
    public static FileEndpoint create(String endpointName, Map<String, String> settings) {
        EndpointSettings s = EndpointSettings.of(KindSpecs.FILE, endpointName, settings);
        Path path = Path.of(s.required("path")).toAbsolutePath();
        boolean fsync = s.flag("fsync", false);
        int count = s.positiveInt("maxBatchCount", 1000);
        long bytes = s.positiveLong("maxBatchBytes", 4L * 1024 * 1024);
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new FileEndpoint(endpointName, path, fsync, count, bytes, channel);
        } catch (IOException e) {
            throw s.invalid("path", "names a file that cannot be opened for appending: " + path + " (" + e + ")");
        } catch (UncheckedIOException e) {
            throw s.invalid("path", "names a file that cannot be opened for appending: " + path + " (" + e.getCause()
                    + ")");
        }
    }

    /** The file the events go to. */
    public Path path() {
        return path;
    }

    @Override
    public synchronized void send(String entity, List<OutgoingEvent> batch, Duration timeout)
            throws DeliveryException {
        long start = -1;
        try {
            start = channel.size();
            ByteBuffer buf = out;
            buf.clear();
            byte[] lastJson = null;
            byte[] line = null;
            for (OutgoingEvent e : batch) {
                // An event matched by several routes of this endpoint comes several times in a row, as one array.
                if (e.structuredJson() != lastJson) {
                    lastJson = e.structuredJson();
                    line = oneLine(lastJson);
                }
                if (line.length + 1 > buf.remaining()) {
                    flush(buf);
                }
                if (line.length + 1 > buf.remaining()) { // longer than the buffer: written from the array
                    writeFully(ByteBuffer.wrap(line));
                    buf.put((byte) '\n');
                } else {
                    buf.put(line).put((byte) '\n');
                }
            }
            flush(buf);
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            undo(start);
            throw new DeliveryException("file endpoint '" + name + "': cannot write " + path + ": " + e, true, e);
        }
    }

    /** Writes what {@code buf} holds (from its start to its position) and empties it. */
    private void flush(ByteBuffer buf) throws IOException {
        buf.flip();
        writeFully(buf);
        buf.clear();
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /**
     * {@code json} as one line. In valid JSON a raw line break can only be whitespace between tokens
     * (never inside a string), so pretty-printed input becomes one line by turning them into spaces;
     * compact input (the usual) is returned as it is.
     */
    private static byte[] oneLine(byte[] json) {
        int i = 0;
        // Eight bytes at a time while none is a line break (SWAR: a byte of x ^ '\n' or x ^ '\r' is zero).
        for (; i + 8 <= json.length; i += 8) {
            long x = (long) LONGS.get(json, i);
            if (hasZeroByte(x ^ NEWLINES) || hasZeroByte(x ^ RETURNS)) {
                break;
            }
        }
        for (; i < json.length; i++) {
            if (json[i] == '\n' || json[i] == '\r') {
                byte[] copy = json.clone();
                for (int k = i; k < copy.length; k++) {
                    if (copy[k] == '\n' || copy[k] == '\r') {
                        copy[k] = ' ';
                    }
                }
                return copy;
            }
        }
        return json;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long RETURNS = 0x0D0D0D0D0D0D0D0DL;

    private static boolean hasZeroByte(long x) {
        return ((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0;
    }

    private void undo(long start) {
        if (start < 0) {
            return;
        }
        try {
            channel.truncate(start);
        } catch (IOException ignored) {
            // The write failed already; the retry appends after whatever part of the batch is there.
        }
    }

    /** Checks that the file is still where it was opened and can be written (a deleted file would swallow events). */
    @Override
    public void verify(Duration timeout) throws DeliveryException {
        if (!channel.isOpen()) {
            throw new DeliveryException("file endpoint '" + name + "': closed", false);
        }
        if (!Files.isRegularFile(path) || !Files.isWritable(path)) {
            throw new DeliveryException("file endpoint '" + name + "': " + path
                    + " is gone or cannot be written (events would not reach it)", false);
        }
    }

    @Override
    public int maxBatchCount() {
        return maxBatchCount;
    }

    @Override
    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("file endpoint '" + name + "': cannot close " + path, e);
        }
    }
}
