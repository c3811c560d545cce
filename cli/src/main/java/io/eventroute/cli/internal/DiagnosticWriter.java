package io.eventroute.cli.internal;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Standard error for diagnostics: UTF-8, and flushed after every write, not only at a line's end, so
 * that a warning printed with {@code print} shows at once even while a long input is still being read.
 * Thread-safe as {@link PrintWriter} is.
 */
public final class DiagnosticWriter extends PrintWriter {
    public DiagnosticWriter(PrintStream err) {
        super(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    }

    @Override
    public void write(int c) {
        super.write(c);
        flush();
    }

    @Override
    public void write(char[] buf, int off, int len) {
        super.write(buf, off, len);
        flush();
    }

    @Override
    public void write(String s, int off, int len) {
        super.write(s, off, len);
        flush();
    }
}
