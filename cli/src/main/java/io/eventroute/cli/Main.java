package io.eventroute.cli;

import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code eventroute} command line: {@code route}, {@code validate}, {@code explain}, {@code eval},
 * {@code match} and {@code generate}. Each call
 * of {@link #run} builds its own command objects, so concurrent calls do not share state; one call is
 * single-threaded. Output is UTF-8.
 */
@Command(name = "eventroute",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Routes CloudEvents to endpoints by Azure Digital Twins event-route filters; compiles the "
                + "filters and evaluates them against CloudEvents.",
        subcommands = {RouteCommand.class, ValidateCommand.class, ExplainCommand.class, EvalCommand.class, MatchCommand.class,
            GenerateCommand.class, StreamsCommand.class, ServeCommand.class, ReplayCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Run 'eventroute COMMAND --help' for the arguments of a command."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (for eval: every event or case was read)",
            "1:a filter has errors (diagnostics are printed)",
            "2:bad usage, or an input file is missing, unreadable or invalid (for route: a configuration error)",
            "3:internal error (a bug: please report it); for route: some input was rejected or some event "
                + "dead-lettered",
        })
public final class Main implements Callable<Integer> {
    private final InputStream stdin;
    private final boolean errorsOnTerminal;

    @Spec
    private CommandSpec spec;

    private Main(InputStream stdin, boolean errorsOnTerminal) {
        this.stdin = stdin;
        this.errorsOnTerminal = errorsOnTerminal;
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs {@code args} with standard input from {@link System#in}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /**
     * Runs {@code args} as the {@code eventroute} command would, reading {@code -} inputs from
     * {@code in} and writing to {@code out} and {@code err}; returns the exit code. Never throws for
     * a user's mistake: it prints {@code eventroute: <message>} on {@code err} instead.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new Main(in, err == System.err && System.console() != null))
                .setOut(outWriter)
                .setErr(errWriter)
                .setColorScheme(CommandLine.Help.defaultColorScheme(
                        out == System.out ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF))
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, command, parsed) -> failure(e, command));
        try {
            return cli.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The standard input of this run, for arguments named {@code -}. */
    InputStream stdin() {
        return stdin;
    }

    /** True when this run's standard error is the process's and a terminal (progress lines may be shown). */
    boolean errorsOnTerminal() {
        return errorsOnTerminal;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command (route, validate, explain, eval, match, generate or streams)");
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("eventroute: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        if (looksLikeFilterTakenForOption(args)) {
            err.println("A filter that starts with '-' goes after --, e.g. "
                    + command.getCommandSpec().qualifiedName() + " -- '-1 < $body.x'");
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE_OR_INPUT;
    }

    // picocli reads "-1 < $body.x" as an unknown option; the fix (--) is not obvious from its message.
    private static boolean looksLikeFilterTakenForOption(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.length() > 1 && arg.charAt(0) == '-' && !arg.startsWith("--")
                    && (!Character.isLetter(arg.charAt(1)) || arg.chars().anyMatch(Character::isWhitespace))) {
                return true;
            }
        }
        return false;
    }

    private static int failure(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        if (e instanceof UserException) {
            err.println("eventroute: " + e.getMessage());
            return ExitCodes.USAGE_OR_INPUT;
        }
        if (e instanceof UncheckedIOException io) {
            err.println("eventroute: " + io.getCause().getMessage());
            return ExitCodes.USAGE_OR_INPUT;
        }
        err.println("eventroute: internal error, please report it with the command line that caused it:");
        e.printStackTrace(err);
        return ExitCodes.INTERNAL;
    }

    /** The version from the build (the Maven project version); stateless. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"eventroute " + p.getProperty("version", "(unknown version)")};
        }
    }
}
