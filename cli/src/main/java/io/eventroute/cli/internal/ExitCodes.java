package io.eventroute.cli.internal;

/** The exit codes of every eventroute command (each command's help lists those it uses). */
public final class ExitCodes {
    /** The command did what was asked (for eval: every event was read, whether it matched or not). */
    public static final int OK = 0;
    /** A filter has errors. */
    public static final int INVALID_FILTER = 1;
    /** Bad usage, or an input file that is missing, unreadable or not a valid event. */
    public static final int USAGE_OR_INPUT = 2;
    /**
     * {@code route} only: some input was rejected or some matched event was not delivered. Scripts rely
     * on this code, so an internal error has its own ({@link #INTERNAL}).
     */
    public static final int INCOMPLETE = 3;
    /** {@code streams} only: the Kafka Streams application could not start or stopped on an error. */
    public static final int FAILED = 4;
    /** A bug in eventroute (EX_SOFTWARE of sysexits.h); the message asks for a report with the stack trace. */
    public static final int INTERNAL = 70;
    /**
     * Standard output was closed by its reader ({@code | head -1}): the command stopped early, as a
     * program killed by SIGPIPE would (128 + 13), so that {@code set -o pipefail} still sees it.
     */
    public static final int OUTPUT_CLOSED = 141;

    private ExitCodes() {
    }
}
