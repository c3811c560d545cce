package io.eventroute.cli.internal;

import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output was closed by its reader ({@code eventroute match ... | head -1}): the command stops
 * instead of computing output nobody reads. {@link PrintStream} and {@link java.io.PrintWriter} swallow
 * write errors, so {@link #watch} turns the stream's error flag into this unchecked exception, which no
 * writer in between catches. Immutable; thread-safe.
 */
public final class ClosedOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private ClosedOutputException() {
        super("standard output was closed", null, false, false);
    }

    /** {@code stream} as a stream whose flush throws this exception once writing to it has failed. */
    public static OutputStream watch(PrintStream stream) {
        return new FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) {
                stream.write(b, off, len);
            }

            @Override
            public void flush() {
                // checkError flushes first, so an error of this very write shows.
                if (stream.checkError()) {
                    throw new ClosedOutputException();
                }
            }
        };
    }
}
