package io.eventroute.cli;

import io.eventroute.cli.config.Suggestions;
import io.eventroute.cli.internal.Arguments;
import io.eventroute.cli.internal.ClosedOutputException;
import io.eventroute.cli.internal.DiagnosticWriter;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.UserException;
import java.io.IOException;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
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
        footer = {"", "Run 'eventroute COMMAND --help' for the arguments of a command."},
        exitCodeListHeading = "%nExit codes:%n")
public final class Main implements Callable<Integer> {
    /**
     * The commands by name, in the order help lists them. They are added when a run starts rather than
     * named in the annotation: picocli building every command's model from its annotations was most of a
     * short command's start (0.25 s of {@code --version}), so a run builds only the command it names,
     * and all of them only when help or a suggestion needs them.
     */
    static final Map<String, Class<?>> COMMANDS = commands(
            "route", RouteCommand.class, "validate", ValidateCommand.class, "explain", ExplainCommand.class,
            "eval", EvalCommand.class, "match", MatchCommand.class, "generate", GenerateCommand.class,
            "streams", StreamsCommand.class, "serve", ServeCommand.class, "replay", ReplayCommand.class,
            "help", CommandLine.HelpCommand.class);

    private final InputStream stdin;
    private final OutputStream stdout;
    private final boolean errorsOnTerminal;

    @Spec
    private CommandSpec spec;

    private Main(InputStream stdin, OutputStream stdout, boolean errorsOnTerminal) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.errorsOnTerminal = errorsOnTerminal;
    }

    /** Names and classes in turn; each name is its class's {@code @Command} name (read here, it cost a tenth of a start). */
    private static Map<String, Class<?>> commands(Object... namesAndClasses) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < namesAndClasses.length; i += 2) {
            byName.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(Arguments.asTyped(args), System.in, System.out, System.err));
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
        return run(args, in, out, err, CommandLine.defaultFactory());
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, with commands made by {@code factory}. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, CommandLine.IFactory factory) {
        Objects.requireNonNull(args, "args");
        OutputStream stdout = ClosedOutputException.watch(out);
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new DiagnosticWriter(err);
        CommandLine cli = new CommandLine(new Main(in, stdout, err == System.err && System.console() != null), factory);
        // Before the settings below: picocli applies them to the commands added so far only.
        Class<?> named = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (named != null && named != CommandLine.HelpCommand.class) {
            cli.addSubcommand(args[0], named);
        } else {
            COMMANDS.forEach(cli::addSubcommand);
        }
        cli.setOut(outWriter)
                .setErr(errWriter)
                .setColorScheme(CommandLine.Help.defaultColorScheme(
                        out == System.out ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF))
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, command, parsed) -> failure(e, command));
        ExitCodes.describe(cli);
        int exit;
        try {
            exit = cli.execute(args);
            outWriter.flush();
        } catch (ClosedOutputException e) {
            exit = ExitCodes.OUTPUT_CLOSED;
        } catch (Error e) {
            // picocli hands only Exceptions to the handler; an Error (a stack overflow, a broken class path) is
            // an internal error too, with its own exit code rather than the JVM's 1.
            errWriter.println("eventroute: internal error, please report it with the command line that caused it:");
            e.printStackTrace(errWriter);
            exit = ExitCodes.INTERNAL;
        } finally {
            errWriter.flush();
        }
        return exit;
    }

    /** The standard input of this run, for arguments named {@code -}. */
    InputStream stdin() {
        return stdin;
    }

    /**
     * The standard output of this run as bytes, for output files named {@code -}; closing it only
     * flushes it. Whoever writes here must flush {@code spec.commandLine().getOut()} first.
     */
    OutputStream stdout() {
        return new FilterOutputStream(stdout) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
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
        if (e instanceof MissingParameterException) {
            suggestMisspeltOptions(command, args, err);
        }
        // Only where a filter is a positional argument: "generate --routes -5" has no filter to move.
        if (!command.getCommandSpec().positionalParameters().isEmpty() && looksLikeFilterTakenForOption(args)) {
            err.println("A filter that starts with '-' goes after --, e.g. "
                    + command.getCommandSpec().qualifiedName() + " -- '-1 < $body.x'");
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE_OR_INPUT;
    }

    // picocli reports the required option as missing and says nothing of the misspelt one given for it.
    private static void suggestMisspeltOptions(CommandLine command, String[] args, PrintWriter err) {
        List<String> names = new ArrayList<>();
        command.getCommandSpec().options().forEach(o -> names.add(o.longestName()));
        for (String arg : args) {
            if (arg.equals("--")) {
                return;
            }
            String name = arg.split("=", 2)[0];
            if (name.startsWith("--") && command.getCommandSpec().findOption(name) == null) {
                String meant = Suggestions.closest(name, names);
                if (meant != null) {
                    err.println("Unknown option '" + name + "': did you mean '" + meant + "'?");
                }
            }
        }
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

    /** The exit code a command ending with {@code e} gets. */
    static int exitCode(Exception e) {
        if (e instanceof ClosedOutputException) {
            return ExitCodes.OUTPUT_CLOSED;
        }
        return e instanceof UserException || e instanceof UncheckedIOException ? ExitCodes.USAGE_OR_INPUT
                : ExitCodes.INTERNAL;
    }

    private static int failure(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        int code = exitCode(e);
        if (code == ExitCodes.OUTPUT_CLOSED) {
            return code; // nobody reads on; nothing to say
        }
        if (e instanceof UncheckedIOException io) {
            err.println("eventroute: " + io.getCause().getMessage());
        } else if (code == ExitCodes.USAGE_OR_INPUT) {
            err.println("eventroute: " + e.getMessage());
        } else {
            err.println("eventroute: internal error, please report it with the command line that caused it:");
            e.printStackTrace(err);
        }
        return code;
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
