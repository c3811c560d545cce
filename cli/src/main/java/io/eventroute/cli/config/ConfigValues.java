package io.eventroute.cli.config;

import io.eventroute.runtime.DeliveryOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems of one load of a configuration file, and the reading of its values into them: scalars
 * with their {@code ${VAR}} references replaced, strings, numbers, durations, paths, lists and unknown
 * keys, each refusal a problem at the value's line. Every section reads through one instance. Not
 * thread-safe (one load, one thread).
 */
final class ConfigValues {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Function<String, String> environment;
    private final List<ConfigProblem> problems = new ArrayList<>();
    // Scalars that a ${VAR} reference supplied, which the secret check leaves alone.
    private final Set<Node.Scalar> environmentScalars = Collections.newSetFromMap(new IdentityHashMap<>());

    ConfigValues(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Every problem so far, in the order found. */
    List<ConfigProblem> problems() {
        return problems;
    }

    /** True when {@code scalar}'s value came (in part) from the environment. */
    boolean fromEnvironment(Node scalar) {
        return scalar instanceof Node.Scalar s && environmentScalars.contains(s);
    }

    String requiredString(Node.MapNode map, String key, String owner) {
        Node n = map.get(key);
        if (n == null) {
            error(map, owner + " needs '" + key + "'");
            return null;
        }
        return string(n, owner + ": '" + key + "'");
    }

    /** A value that must be a string (numbers and booleans are taken as their text). */
    String string(Node n, String what) {
        String v = scalarText(n, what);
        if (v != null && v.isBlank()) {
            error(n, what + " is empty");
            return null;
        }
        return v;
    }

    /** The text of a scalar with its {@code ${VAR}} references replaced; null (and a problem) otherwise. */
    String scalarText(Node n, String what) {
        if (!(n instanceof Node.Scalar s)) {
            error(n, what + " must be a single value, not " + n.describe());
            return null;
        }
        if (s.text() == null) {
            error(n, what + " has no value");
            return null;
        }
        return substitute(s);
    }

    private String substitute(Node.Scalar s) {
        String text = s.text();
        if (!text.contains("${")) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        int at = 0;
        boolean ok = true;
        boolean fromEnvironment = false;
        while (m.find()) {
            out.append(text, at, m.start());
            at = m.end();
            if (m.group().equals("$${")) {
                out.append("${");
                continue;
            }
            String value = environment.apply(m.group(1));
            // As in the shell, ':-' replaces an empty value too (an empty OUTDIR must not make '/e.jsonl').
            if (value != null && value.isEmpty() && m.group(2) != null) {
                value = null;
            }
            fromEnvironment |= value != null;
            if (value == null) {
                value = m.group(3);
            }
            if (value == null) {
                error(s, "the environment variable " + m.group(1) + " is not set (write ${" + m.group(1)
                        + ":-default} for a default)");
                ok = false;
                continue;
            }
            out.append(value);
        }
        out.append(text, at, text.length());
        String result = out.toString();
        if (ok && result.contains("${") && !text.contains("$${")) {
            error(s, "a malformed ${...} reference: write ${NAME} with a name of letters, digits and '_'");
            return null;
        }
        if (!ok) {
            return null;
        }
        if (fromEnvironment) {
            environmentScalars.add(s);
        }
        return result;
    }

    int positiveInt(Node at, String v, String what) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(at, what + " must be a positive whole number, not '" + v + "'");
        return 1;
    }

    /** A duration as {@link DeliveryOptions#parseDuration} reads it; {@code fallback} (and a problem) when it is bad. */
    Duration duration(Node at, String v, String what, Duration fallback) {
        try {
            return DeliveryOptions.parseDuration(v);
        } catch (IllegalArgumentException e) {
            error(at, what + " " + e.getMessage());
            return fallback;
        }
    }

    Path path(Node at, String value, String what) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            error(at, what + " is not a valid path (" + e.getReason() + ")");
            return null;
        }
    }

    Node.ListNode list(Node n, String what) {
        if (n instanceof Node.ListNode l) {
            return l;
        }
        error(n, what + " must be a list (items start with '-'), not " + n.describe());
        return null;
    }

    void unknownKeys(Node.MapNode map, Set<String> known, String what) {
        for (Node.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                problems.add(ConfigProblem.error(e.keyLine(), what + " '" + e.key() + "'"
                        + Suggestions.hint(e.key(), new TreeSet<>(known))));
            }
        }
    }

    int errorCount() {
        int n = 0;
        for (ConfigProblem p : problems) {
            n += p.error() ? 1 : 0;
        }
        return n;
    }

    boolean hasErrors() {
        return errorCount() > 0;
    }

    void error(Node at, String message) {
        problems.add(ConfigProblem.error(at.line(), message));
    }

    void error(int line, String message) {
        problems.add(ConfigProblem.error(line, message));
    }

    void warning(Node at, String message) {
        problems.add(ConfigProblem.warning(at.line(), message));
    }

    void warning(int line, String message) {
        problems.add(ConfigProblem.warning(line, message));
    }

    void add(ConfigProblem problem) {
        problems.add(problem);
    }
}
