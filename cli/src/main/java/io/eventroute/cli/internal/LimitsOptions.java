package io.eventroute.cli.internal;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Limits;
import picocli.CommandLine.Option;

/** The {@code --max-*} options shared by the commands that compile filters; one instance per command. */
public final class LimitsOptions {
    @Option(names = "--max-length", paramLabel = "N",
            description = "Longest filter accepted, in characters (default: ${DEFAULT-VALUE}).")
    private int maxLength = Limits.DEFAULT.maxLength();

    @Option(names = "--max-depth", paramLabel = "N",
            description = "Deepest nesting of parentheses, calls, NOT and minus (default: ${DEFAULT-VALUE}).")
    private int maxDepth = Limits.DEFAULT.maxDepth();

    @Option(names = "--max-in-items", paramLabel = "N",
            description = "Most items in one IN list (default: ${DEFAULT-VALUE}).")
    private int maxInItems = Limits.DEFAULT.maxInItems();

    /**
     * "hint: ..." naming the option that raises a limit {@code result} ran into, or "" when it ran
     * into none: the compiler's diagnostic cannot know the command line's option names.
     */
    public static String hint(CompileResult result) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : result.errors()) {
            String option = d.code() == DiagnosticCode.FILTER_TOO_LONG ? "--max-length"
                    : d.code() == DiagnosticCode.NESTING_TOO_DEEP ? "--max-depth"
                    : d.code() == DiagnosticCode.TOO_MANY_IN_ITEMS ? "--max-in-items" : null;
            if (option != null && b.indexOf(option) < 0) {
                b.append("hint: ").append(option).append(" N raises this limit").append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    /**
     * The limits given.
     *
     * @throws UserException when one is not positive
     */
    public Limits limits() {
        if (maxLength < 1 || maxDepth < 1 || maxInItems < 1) {
            throw new UserException("--max-length, --max-depth and --max-in-items must be positive");
        }
        return new Limits(maxLength, maxDepth, maxInItems);
    }
}
