package io.eventroute.cli.internal;

/**
 * A mistake of the user's (a missing file, an unreadable input) that ends the command: printed as
 * {@code eventroute: <message>} without a stack trace, exit code {@link ExitCodes#USAGE_OR_INPUT}.
 * Immutable; thread-safe.
 */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
