package io.eventroute.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what routing needs from DTDL v2/v3 interface documents, already parsed from JSON into maps,
 * lists and strings: each interface's {@code @id} and the ids it {@code extends} (a DTMI, an inline
 * interface, or an array of those). Everything else in a document is left to the caller to keep as
 * given. All documents of a batch are checked together and against the models that exist already,
 * and each problem names the document it is in. Stateless; thread-safe.
 */
public final class ModelDocuments {
    /**
     * A DTMI (Digital Twin Model Identifier): {@code dtmi:} then path segments of letters, digits and
     * underscores (starting with a letter, or underscores and then a letter or digit; not ending with an
     * underscore), then an optional {@code ;version}, 1 to 999999999, in DTDL v3 with a {@code .minor}.
     */
    private static final Pattern DTMI = Pattern.compile(
            "dtmi:(?:_+[A-Za-z0-9]|[A-Za-z])(?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::(?:_+[A-Za-z0-9]|[A-Za-z])(?:[A-Za-z0-9_]*[A-Za-z0-9])?)*"
                    + "(?:;[1-9][0-9]{0,8}(?:\\.[1-9][0-9]{0,5})?)?");
    private static final int MAX_DTMI_LENGTH = 2048;
    private static final Pattern CONTEXT = Pattern.compile("dtmi:dtdl:context;[23](?:\\.\\d+)?");

    private ModelDocuments() {
    }

    /** What is wrong with one document: a bad document, or a model that exists already. */
    public enum Kind {
        INVALID, EXISTS
    }

    /** One problem, in document {@code document} (0-based index in the batch). */
    public record Problem(int document, Kind kind, String message) {
        @Override
        public String toString() {
            return "document " + document + ": " + message;
        }
    }

    /** One interface: its id, the ids it extends directly, and the document (index) it came from. */
    public record Model(String id, List<String> bases, int document) {
        public Model {
            Objects.requireNonNull(id, "id");
            bases = List.copyOf(bases);
        }
    }

    /** The interfaces of a batch (top-level and inline ones with an {@code @id}), or its problems. */
    public record Result(List<Model> models, List<Problem> problems) {
        public Result {
            models = List.copyOf(models);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        /** The ids of the top-level interface of each document, in order. */
        public List<String> ids() {
            List<String> out = new ArrayList<>();
            int last = -1;
            for (Model m : models) {
                if (m.document() != last) {
                    out.add(m.id());
                    last = m.document();
                }
            }
            return out;
        }

        /**
         * {@code existing} plus these models.
         *
         * @throws IllegalStateException when there are problems
         */
        public ModelSet applyTo(ModelSet existing) {
            if (!ok()) {
                throw new IllegalStateException("models with problems: " + problems);
            }
            Map<String, List<String>> added = new LinkedHashMap<>();
            for (Model m : models) {
                added.put(m.id(), m.bases());
            }
            return existing.with(added);
        }
    }

    /**
     * Reads {@code documents} (each a parsed JSON value: an interface is a {@code Map}) as one batch
     * to add to {@code existing}: every problem is reported, and the models only when there is none.
     */
    public static Result read(List<?> documents, ModelSet existing) {
        List<Model> models = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Object doc = documents.get(i);
            if (!(doc instanceof Map<?, ?> map)) {
                problems.add(new Problem(i, Kind.INVALID, "a DTDL interface is a JSON object, not " + describe(doc)));
                continue;
            }
            int before = problems.size();
            Object context = map.get("@context");
            if (!isDtdlContext(context)) {
                problems.add(new Problem(i, Kind.INVALID, context == null ? "no @context (e.g. \"dtmi:dtdl:context;3\")"
                        : "@context " + describe(context) + " is not a DTDL context such as \"dtmi:dtdl:context;3\""));
            }
            List<Model> inline = new ArrayList<>();
            Read read = interfaceOf(map, "", i, true, inline, problems);
            if (problems.size() == before) {
                models.add(new Model(read.id(), read.bases(), i));
                models.addAll(inline);
            }
        }
        Map<String, Integer> where = new HashMap<>();
        for (Model m : models) {
            Integer first = where.putIfAbsent(m.id(), m.document());
            if (existing.contains(m.id())) {
                problems.add(new Problem(m.document(), Kind.EXISTS, "model " + m.id() + " exists already"));
            } else if (first != null) {
                problems.add(new Problem(m.document(), Kind.INVALID, "model " + m.id() + " is defined twice in the batch"
                        + (first == m.document() ? "" : " (also in document " + first + ")")));
            }
        }
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (Model m : models) {
            graph.putIfAbsent(m.id(), m.bases());
        }
        for (Model m : models) {
            for (String base : m.bases()) {
                if (!graph.containsKey(base) && !existing.contains(base)) {
                    problems.add(new Problem(m.document(), Kind.INVALID, "model " + m.id() + " extends " + base
                            + ", which is neither a known model nor in the batch"));
                }
            }
        }
        // A cycle can only go through new models: existing models cannot extend them.
        Set<String> reported = new LinkedHashSet<>();
        for (Model m : models) {
            String cycle = ModelSet.cycle(graph, Set.of(m.id()));
            if (cycle != null && cycle.startsWith(m.id() + " ") && reported.add(m.id())) {
                problems.add(new Problem(m.document(), Kind.INVALID, "extends forms a cycle: " + cycle));
            }
        }
        problems.sort((a, b) -> Integer.compare(a.document(), b.document()));
        return problems.isEmpty() ? new Result(models, List.of()) : new Result(List.of(), problems);
    }

    /** One interface read: its id (null when it has none) and the ids it extends directly. */
    private record Read(String id, List<String> bases) {
    }

    /**
     * Reads one interface; its inline bases that have an {@code @id} go to {@code inline} (each before
     * the interfaces that extend it).
     */
    private static Read interfaceOf(Map<?, ?> map, String where, int document, boolean top, List<Model> inline,
            List<Problem> problems) {
        String at = where.isEmpty() ? "" : " (" + where + ")";
        if (!isInterface(map.get("@type"))) {
            problems.add(new Problem(document, Kind.INVALID, "@type" + at + " must be \"Interface\", not "
                    + describe(map.get("@type"))));
        }
        Object rawId = map.get("@id");
        String id = null;
        if (rawId == null) {
            if (top) {
                problems.add(new Problem(document, Kind.INVALID, "no @id: an interface needs a DTMI such as \"dtmi:example:Room;1\""));
            }
        } else if (!(rawId instanceof String s) || !isDtmi(s)) {
            problems.add(new Problem(document, Kind.INVALID, "@id" + at + " " + describe(rawId)
                    + " is not a DTMI (dtmi:segment:segment;version, e.g. \"dtmi:example:Room;1\")"));
        } else {
            id = s;
        }
        Set<String> bases = new LinkedHashSet<>();
        Object ext = map.get("extends");
        List<?> items = ext == null ? List.of() : ext instanceof List<?> l ? l : List.of(ext);
        for (int k = 0; k < items.size(); k++) {
            Object item = items.get(k);
            String here = (where.isEmpty() ? "" : where + ".") + "extends" + (ext instanceof List ? "[" + k + "]" : "");
            if (item instanceof String base) {
                if (isDtmi(base)) {
                    bases.add(base);
                } else {
                    problems.add(new Problem(document, Kind.INVALID, here + " \"" + base + "\" is not a DTMI"));
                }
            } else if (item instanceof Map<?, ?> nested) {
                Read base = interfaceOf(nested, here, document, false, inline, problems);
                if (base.id() != null) {
                    inline.add(new Model(base.id(), base.bases(), document));
                    bases.add(base.id());
                } else {
                    // An inline interface without an @id has no identity of its own: what it extends, this one does.
                    bases.addAll(base.bases());
                }
            } else {
                problems.add(new Problem(document, Kind.INVALID, here + " must be a DTMI or an interface, not " + describe(item)));
            }
        }
        return new Read(id, List.copyOf(bases));
    }

    private static boolean isInterface(Object type) {
        return "Interface".equals(type) || type instanceof List<?> l && l.contains("Interface");
    }

    private static boolean isDtdlContext(Object context) {
        if (context instanceof String s) {
            return CONTEXT.matcher(s).matches();
        }
        return context instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s && CONTEXT.matcher(s).matches();
    }

    /** Whether {@code s} is a well-formed DTMI. */
    public static boolean isDtmi(String s) {
        return s.length() <= MAX_DTMI_LENGTH && DTMI.matcher(s).matches();
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v instanceof Boolean ? "a boolean" : v instanceof Number ? "a number" : v.toString();
    }
}
