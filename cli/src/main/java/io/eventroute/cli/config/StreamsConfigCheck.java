package io.eventroute.cli.config;

import io.eventroute.kafka.StreamsSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the configuration file of {@code eventroute streams} the way route's is checked, before
 * {@link StreamsSettings} reads its values: every problem at once, each with its line (syntax errors
 * with the parser's reason, unknown keys with a suggestion, duplicate keys, values of the wrong
 * shape, limits that are not positive), and a warning for a secret written literally in the file.
 * Stateless; thread-safe.
 */
public final class StreamsConfigCheck {
    private static final Set<String> SECTIONS = Set.of("topics", "security", "limits", "properties");
    private static final Set<String> SECRETS = Set.of("password", "eventHubsConnectionString");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i).*(password|secret|sasl\\.jaas\\.config).*");

    private StreamsConfigCheck() {
    }

    /** Every problem of {@code content} (JSON when {@code json}, else YAML), sorted by line. */
    public static List<ConfigProblem> check(byte[] content, boolean json) {
        List<ConfigProblem> problems = new ArrayList<>();
        Node root = TreeReader.read(content, json, problems);
        if (root instanceof Node.MapNode map) {
            Map<String, Set<String>> keys = StreamsSettings.keys();
            known(map, "", keys.get(""), problems);
            for (String section : SECTIONS) {
                Node node = map.get(section);
                if (node != null && !(node instanceof Node.MapNode)) {
                    problems.add(ConfigProblem.error(node.line(), "'" + section + "' must be a mapping, not "
                            + node.describe()));
                } else if (node instanceof Node.MapNode m) {
                    if (keys.containsKey(section)) {
                        known(m, section + ".", keys.get(section), problems);
                    }
                    values(m, section, problems);
                }
            }
        } else if (root != null) {
            problems.add(ConfigProblem.error(root.line(), "the configuration must be a mapping, not " + root.describe()));
        }
        problems.sort(Comparator.comparingInt(ConfigProblem::line));
        return problems;
    }

    private static void known(Node.MapNode map, String prefix, Set<String> known, List<ConfigProblem> problems) {
        for (Node.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                problems.add(ConfigProblem.error(e.keyLine(), "unknown setting '" + prefix + e.key() + "'"
                        + Suggestions.hint(e.key(), new TreeSet<>(known))));
            }
        }
    }

    private static void values(Node.MapNode map, String section, List<ConfigProblem> problems) {
        for (Node.Entry e : map.entries().values()) {
            String name = section + "." + e.key();
            if (!(e.value() instanceof Node.Scalar s)) {
                problems.add(ConfigProblem.error(e.keyLine(), "'" + name + "' must be a single value, not "
                        + e.value().describe()));
                continue;
            }
            if (section.equals("limits") && !positive(s.text())) {
                problems.add(ConfigProblem.error(s.line(), "'" + name + "' must be a positive whole number, not '"
                        + s.text() + "'"));
            }
            boolean secret = section.equals("security") ? SECRETS.contains(e.key())
                    : section.equals("properties") && SECRET_PROPERTY.matcher(e.key()).matches();
            if (secret && s.text() != null && !s.text().isBlank() && !REFERENCE.matcher(s.text().strip()).matches()) {
                String variable = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
                problems.add(ConfigProblem.warning(s.line(), "'" + name + "' holds a secret written in the file; anyone "
                        + "who can read the file can use it: write ${" + variable + "} and set that environment "
                        + "variable instead"));
            }
        }
    }

    private static boolean positive(String text) {
        try {
            return text != null && Integer.parseInt(text.strip()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
