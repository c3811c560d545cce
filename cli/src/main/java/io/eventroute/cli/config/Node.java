package io.eventroute.cli.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of the configuration file with the line and column where it starts, so that every problem
 * can name its place. Immutable once read; thread-safe.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

    /** 1-based line of the value in the file. */
    int line();

    /** 1-based column of the value in the file. */
    int column();

    /** What the value is, for messages: "a mapping", "a list", "a string", ... */
    String describe();

    /** A mapping; keys in file order, each with the line where the key is written. */
    record MapNode(Map<String, Entry> entries, int line, int column) implements Node {
        public MapNode {
            entries = new LinkedHashMap<>(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    /** One key of a mapping and its value. */
    record Entry(String key, int keyLine, Node value) {
    }

    /** A sequence. */
    record ListNode(List<Node> items, int line, int column) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar as its text ({@code null} for a YAML/JSON null); {@code string} is false for numbers and booleans. */
    record Scalar(String text, boolean string, int line, int column) implements Node {
        @Override
        public String describe() {
            if (text == null) {
                return "null";
            }
            return string ? "a string" : "'" + text + "'";
        }
    }
}
