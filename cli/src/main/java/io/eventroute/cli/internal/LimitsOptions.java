package io.eventroute.cli.internal;

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
