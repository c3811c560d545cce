package io.eventroute.cli.internal;

/** The exit codes of every eventroute command (each command's help lists those it uses). */
public final class ExitCodes {
    /** The command did what was asked (for eval: every event was read, whether it matched or not). */
    public static final int OK = 0;
    /** A filter has errors. */
    public static final int INVALID_FILTER = 1;
    /** Bad usage, or an input file that is missing, unreadable or not a valid event. */
    public static final int USAGE_OR_INPUT = 2;
    /** A bug in eventroute; the message asks for a report. */
    public static final int INTERNAL = 3;
    /**
     * {@code route} only: some input was rejected or some matched event was not delivered (the issue's
     * contract gives it the code of {@link #INTERNAL}; an internal error also prints a stack trace).
     */
    public static final int INCOMPLETE = 3;

    private ExitCodes() {
    }
}
