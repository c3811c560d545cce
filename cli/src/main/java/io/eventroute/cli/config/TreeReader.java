package io.eventroute.cli.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML or JSON document into {@link Node}s that keep their lines, with a streaming pass over
 * the parser's tokens (a data-binding tree would lose them). A repeated key is reported and the first
 * one kept. YAML anchors, aliases and merge keys ({@code <<: *base}) are resolved. One instance per
 * document; not thread-safe.
 */
final class TreeReader {
    private static final JsonFactory JSON = new JsonFactory();
    // SnakeYAML refuses documents over 3 MB by default; a configuration of 100,000 routes is about 11 MB.
    // Aliases stay bounded (the loader's own limit), so a large limit lets big tables in without letting
    // a small file expand into a huge one.
    static final int MAX_YAML_CODE_POINTS = 1 << 30;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(yamlLimits())
            .build();
    private static final String MERGE_KEY = "<<";
    // filter: 'type = 'x'' -- the second quote ended the value.
    private static final Pattern SINGLE_QUOTED_FILTER = Pattern.compile("filter:\\s*'[^']*'[^'\\s#]");

    private static org.yaml.snakeyaml.LoaderOptions yamlLimits() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(MAX_YAML_CODE_POINTS);
        return options;
    }

    private final List<ConfigProblem> problems;
    // YAML anchors (&name) read so far, for aliases (*name) and merge keys (<<: *name).
    private final Map<String, Node> anchors = new HashMap<>();

    private TreeReader(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    /** Reads {@code content}, as JSON when {@code json} is true, else as YAML; null after a syntax error. */
    static Node read(byte[] content, boolean json, List<ConfigProblem> problems) {
        try (JsonParser p = (json ? JSON : YAML).createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(ConfigProblem.error(0, "the file is empty"));
                return null;
            }
            Node root = new TreeReader(problems).value(p, first);
            if (json && p.nextToken() != null) {
                problems.add(ConfigProblem.error(p.currentTokenLocation().getLineNr(),
                        "unexpected content after the end of the JSON document"));
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException y) {
                problems.add(yamlProblem(y, content));
                return null;
            }
            JsonLocation at = e.getLocation();
            problems.add(ConfigProblem.error(at == null ? 0 : Math.max(0, at.getLineNr()),
                    "not valid " + (json ? "JSON" : "YAML") + ": " + firstLine(e.getOriginalMessage())));
            return null;
        } catch (IOException e) {
            problems.add(ConfigProblem.error(0, "cannot read: " + e.getMessage()));
            return null;
        }
    }

    private Node value(JsonParser p, JsonToken token) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            Node anchored = anchors.get(p.getText());
            if (anchored == null) {
                // The YAML parser does not report anchors of single values, only of mappings and lists.
                problems.add(ConfigProblem.error(line, "*" + p.getText() + " refers to no mapping or list anchored "
                        + "&" + p.getText() + " before it (anchors of single values are not supported)"));
                return new Node.Scalar("*" + p.getText(), true, line, column); // as written: no second error
            }
            return anchored;
        }
        String anchor = p instanceof YAMLParser y ? y.getObjectId() : null;
        Node node = read(p, token, line, column);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private Node read(JsonParser p, JsonToken token, int line, int column) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                List<Node.Entry> merged = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    Node v = value(p, p.nextToken());
                    if (key.equals(MERGE_KEY) && !(p instanceof YAMLParser)) {
                        entries.put(key, new Node.Entry(key, keyLine, v)); // JSON has no merge keys
                    } else if (key.equals(MERGE_KEY)) {
                        merge(v, keyLine, merged);
                    } else if (entries.containsKey(key)) {
                        problems.add(ConfigProblem.error(keyLine, "'" + key + "' appears twice in this mapping (first at line "
                                + entries.get(key).keyLine() + ")"));
                    } else {
                        entries.put(key, new Node.Entry(key, keyLine, v));
                    }
                }
                // Keys written in the mapping win over merged ones, wherever they stand (YAML's rule).
                for (Node.Entry e : merged) {
                    entries.putIfAbsent(e.key(), e);
                }
                return new Node.MapNode(entries, line, column);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(value(p, t));
                }
                return new Node.ListNode(items, line, column);
            }
            case VALUE_STRING:
                return new Node.Scalar(p.getText(), true, line, column);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node.Scalar(p.getText(), false, line, column);
            case VALUE_NULL:
                return new Node.Scalar(null, false, line, column);
            default:
                // Embedded objects and the like do not occur in text YAML or JSON.
                return new Node.Scalar(p.getText(), false, line, column);
        }
    }

    // <<: *base, or <<: [*a, *b] where the first one's keys win.
    private void merge(Node v, int keyLine, List<Node.Entry> merged) {
        List<Node> sources = v instanceof Node.ListNode l ? l.items() : List.of(v);
        for (Node source : sources) {
            if (source instanceof Node.MapNode m) {
                merged.addAll(m.entries().values());
            } else {
                problems.add(ConfigProblem.error(keyLine, "'<<' merges mappings (<<: *name), not " + source.describe()));
            }
        }
    }

    // The parser's own reason and the line it found it on; Jackson's first line is only the context
    // ("while scanning for the next token"), which says where the parser was, not what is wrong.
    private static ConfigProblem yamlProblem(MarkedYAMLException y, byte[] content) {
        Mark mark = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
        int line = mark == null ? 0 : mark.getLine() + 1;
        String problem = y.getProblem() == null ? "syntax error" : y.getProblem().strip();
        String message = "not valid YAML: " + problem + (y.getContext() == null ? "" : " (" + y.getContext().strip() + ")");
        String text = line == 0 ? "" : lineText(content, line);
        if (SINGLE_QUOTED_FILTER.matcher(text).find()) {
            message += "; a quote inside a single-quoted value ends it: write the filter in double quotes, "
                    + "filter: \"type = 'x'\"";
        }
        return ConfigProblem.error(line, message);
    }

    private static String lineText(byte[] content, int line) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        return line - 1 < lines.length ? lines[line - 1] : "";
    }

    private static String firstLine(String message) {
        String m = message == null ? "syntax error" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
