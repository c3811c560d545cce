package io.eventroute.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit codes of every eventroute command, and the one table their help texts are generated from
 * ({@link #describe}), so that help, README and behaviour cannot drift apart command by command.
 * Stateless; thread-safe.
 */
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
    /**
     * {@code streams}: the Kafka Streams application could not start or stopped on an error; {@code route
     * --check --connect}: an endpoint cannot be reached.
     */
    public static final int FAILED = 4;
    /** A bug in eventroute (EX_SOFTWARE of sysexits.h); the message asks for a report with the stack trace. */
    public static final int INTERNAL = 70;
    /**
     * Standard output was closed by its reader ({@code | head -1}): the command stopped early, as a
     * program killed by SIGPIPE would (128 + 13), so that {@code set -o pipefail} still sees it.
     */
    public static final int OUTPUT_CLOSED = 141;

    /** One line of the table: what {@code code} means for {@code command} ({@code *}: every command without its own line). */
    private record Meaning(int code, String command, String text) {
    }

    private static final String ALL = "*";

    private static final List<Meaning> TABLE = List.of(
            new Meaning(OK, "eventroute", "success (for eval: every event or case was read, whatever the results)"),
            new Meaning(OK, "route", "every event was read and every match delivered"),
            new Meaning(OK, "validate", "no filter has errors (warnings are allowed)"),
            new Meaning(OK, "explain", "the filter compiles (it may have warnings)"),
            new Meaning(OK, "eval", "every event (or case line) was read, whatever the results"),
            new Meaning(OK, "match", "every event line was read and matched"),
            new Meaning(OK, "generate", "both files were written"),
            new Meaning(OK, "streams", "--check found the configuration usable"),
            new Meaning(OK, "serve", "stopped on SIGTERM or Ctrl-C after delivering what was queued"),
            new Meaning(INVALID_FILTER, "eventroute", "a filter has errors (diagnostics are printed)"),
            new Meaning(INVALID_FILTER, "validate", "at least one filter has errors"),
            new Meaning(INVALID_FILTER, "explain", "the filter has errors"),
            new Meaning(INVALID_FILTER, "eval", "the --filter has errors (diagnostics on standard error)"),
            new Meaning(INVALID_FILTER, "match", "a route line is malformed or has an invalid filter (nothing was matched)"),
            new Meaning(USAGE_OR_INPUT, "eventroute", "bad usage, or an input file is missing, unreadable or invalid (for "
                    + "route: a configuration error)"),
            new Meaning(USAGE_OR_INPUT, "route", "a configuration error (nothing was sent), bad usage, or an unreadable "
                    + "input or rejects file (after what was queued is delivered)"),
            new Meaning(USAGE_OR_INPUT, "validate", "bad usage"),
            new Meaning(USAGE_OR_INPUT, "explain", "bad usage"),
            new Meaning(USAGE_OR_INPUT, "eval", "bad usage, or an event or cases file is missing, unreadable or invalid"),
            new Meaning(USAGE_OR_INPUT, "match", "bad usage, an unreadable file, or some event lines were rejected"),
            new Meaning(USAGE_OR_INPUT, "generate", "bad usage, or a file cannot be written"),
            new Meaning(USAGE_OR_INPUT, "streams", "bad usage, or the configuration file is missing or invalid"),
            new Meaning(USAGE_OR_INPUT, "serve", "a configuration error, or the address or route store could not be "
                    + "used (nothing started)"),
            new Meaning(INCOMPLETE, "eventroute", "route: some input was rejected or some event was not delivered"),
            new Meaning(INCOMPLETE, "route", "some input was rejected or some match was dead-lettered (or not delivered)"),
            new Meaning(FAILED, "eventroute", "streams: the Kafka brokers cannot be reached, or the application stopped "
                    + "on an error; route --check --connect: an endpoint cannot be reached"),
            new Meaning(FAILED, "route", "--check --connect: an endpoint cannot be reached (nothing was sent)"),
            new Meaning(FAILED, "streams", "the Kafka brokers cannot be reached, or the application stopped on an error "
                    + "(see the log on standard error)"),
            new Meaning(INTERNAL, ALL, "internal error (a bug: please report it with the stack trace printed)"),
            new Meaning(OUTPUT_CLOSED, ALL, "standard output was closed by its reader (as by '| head'); the command "
                    + "stopped early"));

    private ExitCodes() {
    }

    /** Sets the exit-code section of the help of {@code cli} and of each of its subcommands from the table. */
    public static void describe(CommandLine cli) {
        String name = cli.getCommandName();
        Map<String, String> list = new LinkedHashMap<>();
        for (Meaning m : TABLE) {
            if (m.command().equals(name) || m.command().equals(ALL) && !list.containsKey(key(m.code()))) {
                list.put(key(m.code()), m.text());
            }
        }
        cli.getCommandSpec().usageMessage().exitCodeList(list);
        cli.getSubcommands().values().forEach(sub -> {
            if (!sub.getCommandName().equals("help")) {
                describe(sub);
            }
        });
    }

    // Right-aligned, so that 0 and 141 line up in the help's two columns.
    private static String key(int code) {
        return String.format("%3d", code);
    }
}
