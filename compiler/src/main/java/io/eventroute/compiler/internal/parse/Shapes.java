package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Syntax trees for adt filters that differ from one parsed before only in the contents of their string
 * literals and the digits of their integers, made without lexing and parsing again.
 *
 * <p>A table of many routes is mostly a few shapes ({@code type = '...' AND subject = '...'}) with
 * different literals, and the parser was two thirds of compiling each. The shape of a filter is its
 * text with each literal's content taken out, found by one pass over the characters ({@link #scan});
 * the first filter of a shape is parsed as usual and its tree kept as the shape's template, which a
 * later filter of the same shape copies with its own literals and spans. The scan is conservative: a
 * string holding a backslash or a doubled delimiter, a number that is not a plain integer of at most
 * 18 digits, a path with brackets or quotes, any character outside ASCII but inside a string, or an
 * unterminated string makes the filter take the parser; and a template is kept only when its parse
 * reported nothing and each literal of the text is exactly one literal of the tree, with the value the
 * scan would give it. So a copied tree equals, spans included, the one the parser would have built
 * (the tests compare both on every filter of the suites). Thread-safe: templates are immutable and
 * the table is concurrent.
 */
final class Shapes {
    /**
     * Shapes remembered at most: real route sets have tens. With {@link #MAX_LENGTH}, this bounds what
     * a client sending odd filters to a server can make it keep (a few megabytes), and once full, new
     * shapes are parsed as before.
     */
    private static final int MAX_SHAPES = 1024;
    private static final int MAX_DIGITS = 18;
    /**
     * Longer filters are always parsed: routes are short and their shapes repeat, long ones seldom do,
     * and the copy (recursive, like the parser) must not be what runs out of stack on a deep one.
     */
    static final int MAX_LENGTH = 512;
    /** Strings up to this length are interned, as {@link AstBuilder} does. */
    private static final int INTERNED = 256;

    private static final Map<Key, Template> TEMPLATES = new ConcurrentHashMap<>();

    private Shapes() {
    }

    private record Key(String shape, Limits limits) {
    }

    /**
     * A filter's literals: for each, where it starts and ends in the text (a string with its quotes)
     * and whether it is a string (else an integer).
     */
    record Scan(String shape, int[] starts, int[] ends, boolean[] strings) {
        int count() {
            return starts.length;
        }
    }

    /**
     * A template: a tree parsed from text of this shape, and where that text's literals were; null
     * tree for a shape whose parse cannot be copied (it is parsed every time).
     */
    private record Template(Expr tree, int[] starts, int[] ends) {
    }

    private static final Template UNUSABLE = new Template(null, new int[0], new int[0]);

    /** The shape and literals of {@code source}, or null when it has something the copy does not handle. */
    static Scan scan(String source) {
        int n = source.length();
        StringBuilder shape = new StringBuilder(n);
        IntList starts = new IntList();
        IntList ends = new IntList();
        List<Boolean> strings = new ArrayList<>();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c == '\'' || c == '"') {
                int j = i + 1;
                for (; j < n; j++) {
                    char d = source.charAt(j);
                    if (d == c) {
                        break;
                    }
                    if (d == '\\' || Character.isSurrogate(d)) {
                        return null;
                    }
                }
                if (j == n || (j + 1 < n && source.charAt(j + 1) == c)) {
                    return null; // unterminated, or a doubled delimiter inside
                }
                starts.add(i);
                ends.add(j + 1);
                strings.add(Boolean.TRUE);
                shape.append(c).append(c);
                i = j + 1;
            } else if (c >= '0' && c <= '9') {
                int j = i;
                while (j < n && source.charAt(j) >= '0' && source.charAt(j) <= '9') {
                    j++;
                }
                if (j - i > MAX_DIGITS || (j < n && (isWordChar(source.charAt(j)) || "$.@'\"".indexOf(source.charAt(j)) >= 0))) {
                    return null; // a decimal, hex, exponent, or digits running into a word
                }
                starts.add(i);
                ends.add(j);
                strings.add(Boolean.FALSE);
                shape.append('0');
                i = j;
            } else if (c == '$' || c == '@') {
                int j = i + 1;
                while (j < n && (isWordChar(source.charAt(j)) || source.charAt(j) == '$' || source.charAt(j) == '.')) {
                    j++;
                }
                if (j < n && (source.charAt(j) == '[' || source.charAt(j) == '\'' || source.charAt(j) == '"')) {
                    return null; // an index, a quoted member: the parser splits those
                }
                shape.append(source, i, j);
                i = j;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < n && isWordChar(source.charAt(j))) {
                    j++;
                }
                shape.append(source, i, j);
                i = j;
            } else {
                shape.append(c);
                i++;
            }
        }
        boolean[] kinds = new boolean[strings.size()];
        for (int k = 0; k < kinds.length; k++) {
            kinds[k] = strings.get(k);
        }
        return new Scan(shape.toString(), starts.toArray(), ends.toArray(), kinds);
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The tree of {@code source}, copied from its shape's template; null when there is none to copy. */
    static Expr copy(Scan scan, String source, Limits limits) {
        Template t = TEMPLATES.get(new Key(scan.shape(), limits));
        if (t == null || t.tree == null) {
            return null;
        }
        Literal[] literals = new Literal[scan.count()];
        for (int k = 0; k < literals.length; k++) {
            int start = scan.starts()[k];
            int end = scan.ends()[k];
            literals[k] = new Literal(value(source, start, end, scan.strings()[k]), new Span(start, end - start));
        }
        try {
            return new Copier(t, scan, literals).copy(t.tree);
        } catch (StackOverflowError deep) {
            return null; // the parser then reports it as it would have
        }
    }

    /** Keeps {@code parsed}, which the parser made from {@code source} without reporting anything, as its shape's template. */
    static void remember(Scan scan, String source, Limits limits, Expr parsed) {
        if (TEMPLATES.size() >= MAX_SHAPES) {
            return;
        }
        boolean copyable;
        try {
            copyable = copyable(scan, source, parsed);
        } catch (StackOverflowError deep) {
            copyable = false;
        }
        TEMPLATES.putIfAbsent(new Key(scan.shape(), limits), copyable ? new Template(parsed, scan.starts(), scan.ends()) : UNUSABLE);
    }

    /**
     * Whether each literal of the text is exactly one literal node of the tree, with the value the
     * scan gives it, and no other literal node overlaps one: then only those nodes depend on the
     * literals' contents, and a copy with other contents is what the parser would build.
     */
    private static boolean copyable(Scan scan, String source, Expr tree) {
        List<Literal> nodes = new ArrayList<>();
        literals(tree, nodes);
        int[] found = new int[scan.count()];
        for (Literal node : nodes) {
            Span s = node.span();
            for (int k = 0; k < scan.count(); k++) {
                int start = scan.starts()[k];
                int end = scan.ends()[k];
                if (s.offset() == start && s.end() == end) {
                    Object expected = value(source, start, end, scan.strings()[k]);
                    if (!expected.equals(node.value()) || found[k]++ > 0) {
                        return false;
                    }
                } else if (s.length() > 0 && s.offset() < end && start < s.end()) {
                    return false;
                }
            }
        }
        for (int f : found) {
            if (f != 1) {
                return false;
            }
        }
        return true;
    }

    private static Object value(String source, int start, int end, boolean string) {
        if (string) {
            String s = source.substring(start + 1, end - 1);
            return s.length() <= INTERNED ? s.intern() : s;
        }
        return Long.parseLong(source, start, end, 10);
    }

    private static void literals(Expr e, List<Literal> out) {
        if (e instanceof Literal l) {
            out.add(l);
        } else if (e instanceof Expr.Negate x) {
            literals(x.operand(), out);
        } else if (e instanceof Expr.Arithmetic x) {
            literals(x.left(), out);
            literals(x.right(), out);
        } else if (e instanceof Expr.Comparison x) {
            literals(x.left(), out);
            literals(x.right(), out);
        } else if (e instanceof Expr.And x) {
            x.operands().forEach(o -> literals(o, out));
        } else if (e instanceof Expr.Or x) {
            x.operands().forEach(o -> literals(o, out));
        } else if (e instanceof Expr.Not x) {
            literals(x.operand(), out);
        } else if (e instanceof Expr.In x) {
            literals(x.subject(), out);
            out.addAll(x.items());
        } else if (e instanceof Expr.Like x) {
            literals(x.subject(), out);
            out.add(x.pattern());
            if (x.escape() != null) {
                out.add(x.escape());
            }
        } else if (e instanceof Expr.IsNull x) {
            literals(x.subject(), out);
        } else if (e instanceof Expr.Call x) {
            x.arguments().forEach(a -> literals(a, out));
        }
        // Attribute, DataPath, ElementPath, Model, LegacyEventType: no literals below
    }

    /** A template's tree with this filter's literals, every span moved by the literals before it that changed length. */
    private static final class Copier {
        private final Template template;
        private final Literal[] literals;
        private final int[] shifts; // shifts[k]: how much literal k's end moved

        Copier(Template template, Scan scan, Literal[] literals) {
            this.template = template;
            this.literals = literals;
            this.shifts = new int[literals.length];
            for (int k = 0; k < literals.length; k++) {
                shifts[k] = scan.ends()[k] - template.ends[k];
            }
        }

        /** Where template offset {@code o} is in this filter: literals ending at or before it moved it. */
        private int at(int o) {
            int shift = 0;
            for (int k = 0; k < shifts.length && template.ends[k] <= o; k++) {
                shift = shifts[k];
            }
            return o + shift;
        }

        private Span span(Span s) {
            if (s == Span.NONE) {
                return s;
            }
            int start = at(s.offset());
            return new Span(start, at(s.end()) - start);
        }

        private Literal literal(Literal l) {
            for (int k = 0; k < literals.length; k++) {
                if (template.starts[k] == l.span().offset() && template.ends[k] == l.span().end()) {
                    return literals[k];
                }
            }
            return new Literal(l.value(), span(l.span()));
        }

        private List<Expr> all(List<Expr> es) {
            List<Expr> out = new ArrayList<>(es.size());
            for (Expr e : es) {
                out.add(copy(e));
            }
            return out;
        }

        Expr copy(Expr e) {
            if (e instanceof Literal l) {
                return literal(l);
            } else if (e instanceof Expr.Attribute x) {
                return new Expr.Attribute(x.name(), span(x.span()));
            } else if (e instanceof Expr.DataPath x) {
                return new Expr.DataPath(x.segments(), span(x.span()));
            } else if (e instanceof Expr.ElementPath x) {
                return new Expr.ElementPath(x.segments(), span(x.span()));
            } else if (e instanceof Expr.Model x) {
                return new Expr.Model(span(x.span()));
            } else if (e instanceof Expr.LegacyEventType x) {
                return new Expr.LegacyEventType(span(x.span()));
            } else if (e instanceof Expr.Negate x) {
                return new Expr.Negate(copy(x.operand()), span(x.span()));
            } else if (e instanceof Expr.Arithmetic x) {
                return new Expr.Arithmetic(x.op(), copy(x.left()), copy(x.right()), span(x.span()));
            } else if (e instanceof Expr.Comparison x) {
                return new Expr.Comparison(x.op(), copy(x.left()), copy(x.right()), span(x.span()));
            } else if (e instanceof Expr.And x) {
                return new Expr.And(all(x.operands()), span(x.span()));
            } else if (e instanceof Expr.Or x) {
                return new Expr.Or(all(x.operands()), span(x.span()));
            } else if (e instanceof Expr.Not x) {
                return new Expr.Not(copy(x.operand()), span(x.span()));
            } else if (e instanceof Expr.In x) {
                List<Literal> items = new ArrayList<>(x.items().size());
                for (Literal item : x.items()) {
                    items.add(literal(item));
                }
                return new Expr.In(copy(x.subject()), items, x.negated(), span(x.span()));
            } else if (e instanceof Expr.Like x) {
                return new Expr.Like(copy(x.subject()), literal(x.pattern()),
                        x.escape() == null ? null : literal(x.escape()), x.negated(), span(x.span()));
            } else if (e instanceof Expr.IsNull x) {
                return new Expr.IsNull(copy(x.subject()), x.negated(), span(x.span()));
            } else if (e instanceof Expr.Call x) {
                return new Expr.Call(x.name(), all(x.arguments()), span(x.nameSpan()), span(x.span()));
            }
            throw new IllegalStateException("a node the copy does not know: " + e.getClass().getSimpleName());
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[8];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
