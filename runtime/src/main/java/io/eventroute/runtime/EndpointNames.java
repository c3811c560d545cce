package io.eventroute.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for endpoint names, the one place every reader of names (the router, the configuration file,
 * the Kafka route records) checks them: 1 to 128 letters, digits, {@code -}, {@code _} and {@code .},
 * starting with a letter or digit, so that a name is safe as a directory name (dead letters go to
 * {@code <deadLetter>/<endpoint>/}) and as a metric label. Stateless; thread-safe.
 */
public final class EndpointNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private EndpointNames() {
    }

    /** True when {@code name} follows the rule. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Why {@code name} is refused ("invalid endpoint name '../x': use 1 to 128 ..."), or empty when it is valid. */
    public static Optional<String> problem(String name) {
        Objects.requireNonNull(name, "name");
        return isValid(name) ? Optional.empty() : Optional.of("invalid endpoint name '" + name + "': use 1 to 128 "
                + "letters, digits, '-', '_' and '.', starting with a letter or digit");
    }
}
