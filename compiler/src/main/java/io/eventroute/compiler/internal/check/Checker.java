package io.eventroute.compiler.internal.check;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.EditDistance;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.ast.Segment;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.Builtin;
import io.eventroute.compiler.internal.Names;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.StaticType;
import io.eventroute.compiler.internal.eval.LikePattern;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.eval.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names, types and the warnings of section 8: checks a parsed tree, reports to {@link Problems}, and
 * returns the tree with legacy {@code $eventType} comparisons rewritten to {@code type} conditions.
 * Rules that need evaluation (constant conditions) are found while lowering.
 */
public final class Checker {
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");

    private static final Map<String, List<String>> LEGACY_EVENT_TYPES = new LinkedHashMap<>();

    static {
        LEGACY_EVENT_TYPES.put("DigitalTwinTelemetryMessages", List.of(Names.TELEMETRY));
        LEGACY_EVENT_TYPES.put("DigitalTwinLifecycleNotification", List.of(Names.TWIN_CREATE, Names.TWIN_DELETE));
        LEGACY_EVENT_TYPES.put("DigitalTwinChangeNotification", List.of(Names.TWIN_UPDATE));
        LEGACY_EVENT_TYPES.put("DigitalTwinRelationshipChangeNotification",
                List.of(Names.RELATIONSHIP_CREATE, Names.RELATIONSHIP_UPDATE, Names.RELATIONSHIP_DELETE));
    }

    private final Problems problems;

    private Checker(Problems problems) {
        this.problems = problems;
    }

    /** Checks {@code root} as a whole filter; the rewritten tree, or null when an error was reported. */
    public static Expr check(Expr root, Problems problems) {
        Checker c = new Checker(problems);
        Expr checked = c.condition(root, 0);
        return problems.hasErrors() ? null : checked;
    }

    /** An expression in a condition position: it must be a test, a boolean or a path. */
    private Expr condition(Expr e, int scope) {
        Expr checked = expr(e, scope);
        StaticType t = StaticType.of(checked);
        if (t != StaticType.BOOLEAN && t != StaticType.ANY) {
            String what = checked instanceof Expr.Attribute a ? "'" + a.name() + "' is " + t.describe()
                    : checked instanceof Expr.Model ? "$model is a string"
                    : "This is " + t.describe();
            String example = checked instanceof Expr.Attribute a ? a.name() + " = '...'"
                    : checked instanceof Expr.Model ? "$model = 'dtmi:...;1'" : "x = ...";
            problems.report(DiagnosticCode.NOT_A_CONDITION, e.span(), what + ", not a condition",
                    "compare it, e.g. " + example);
        }
        return checked;
    }

    private Expr expr(Expr e, int scope) {
        if (e instanceof Literal || e instanceof Expr.DataPath || e instanceof Expr.Model) {
            return e;
        }
        if (e instanceof Expr.Attribute a) {
            attribute(a);
            return a;
        }
        if (e instanceof Expr.ElementPath p) {
            if (scope == 0) {
                problems.report(DiagnosticCode.ELEMENT_OUTSIDE_ANY_ALL, p.span(),
                        "@ stands for an array element and is only valid inside the condition of ANY or ALL",
                        "e.g. ANY($body.patch, @.path = '/temperature')");
            }
            return p;
        }
        if (e instanceof Expr.LegacyEventType t) {
            problems.report(DiagnosticCode.INVALID_EVENT_TYPE_USE, t.span(),
                    "$eventType can only be compared with a routing name: $eventType = 'DigitalTwinTelemetryMessages'",
                    "filter on type instead, e.g. type = '" + Names.TELEMETRY + "'");
            return t;
        }
        if (e instanceof Expr.Negate n) {
            Expr operand = expr(n.operand(), scope);
            numericOperand(operand, "-");
            return new Expr.Negate(operand, n.span());
        }
        if (e instanceof Expr.Arithmetic a) {
            Expr left = expr(a.left(), scope);
            Expr right = expr(a.right(), scope);
            numericOperand(left, a.op().symbol());
            numericOperand(right, a.op().symbol());
            return new Expr.Arithmetic(a.op(), left, right, a.span());
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c, scope);
        }
        if (e instanceof Expr.And a) {
            List<Expr> ops = new ArrayList<>();
            for (Expr o : a.operands()) {
                ops.add(condition(o, scope));
            }
            Expr.And and = new Expr.And(ops, a.span());
            Contradictions.check(and, problems);
            return and;
        }
        if (e instanceof Expr.Or o) {
            List<Expr> ops = new ArrayList<>();
            for (Expr x : o.operands()) {
                ops.add(condition(x, scope));
            }
            Expr.Or or = new Expr.Or(ops, o.span());
            Contradictions.checkOr(or, problems);
            return or;
        }
        if (e instanceof Expr.Not n) {
            return new Expr.Not(condition(n.operand(), scope), n.span());
        }
        if (e instanceof Expr.In in) {
            return in(in, scope);
        }
        if (e instanceof Expr.Like l) {
            return like(l, scope);
        }
        if (e instanceof Expr.IsNull n) {
            return new Expr.IsNull(expr(n.subject(), scope), n.negated(), n.span());
        }
        return call((Expr.Call) e, scope);
    }

    private void attribute(Expr.Attribute a) {
        String name = a.name();
        if (name.equalsIgnoreCase("data")) {
            problems.report(DiagnosticCode.DATA_IS_NOT_AN_ATTRIBUTE, a.span(),
                    "'" + name + "' is the payload, not an attribute; the payload is reached as $body", "did you mean $body?");
            return;
        }
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            String suggestion = ATTRIBUTE_NAME.matcher(lower).matches() ? lower : Names.closest(name, Names.CORE_ATTRIBUTES);
            problems.report(DiagnosticCode.INVALID_ATTRIBUTE_NAME, a.span(),
                    "Attribute names are lower-case letters and digits: '" + name + "' is not one",
                    suggestion == null ? null : "did you mean " + suggestion + "?");
            return;
        }
        if (!Names.CORE_ATTRIBUTES.contains(name) && !Names.COMMON_EXTENSIONS.contains(name)) {
            String core = Names.closest(name, Names.CORE_ATTRIBUTES);
            if (core != null) {
                problems.report(DiagnosticCode.ATTRIBUTE_TYPO, a.span(),
                        "'" + name + "' is not a core CloudEvents attribute and is read as an extension attribute",
                        "did you mean " + core + "?");
            }
        }
    }

    private void numericOperand(Expr operand, String op) {
        StaticType t = StaticType.of(operand);
        if (t == StaticType.STRING || t == StaticType.BOOLEAN || t == StaticType.NULL) {
            problems.report(DiagnosticCode.INVALID_OPERAND, operand.span(),
                    "Arithmetic works on numbers; '" + op + "' cannot apply to " + t.describe(), null);
        }
    }

    private Expr comparison(Expr.Comparison c, int scope) {
        if (c.left() instanceof Expr.LegacyEventType || c.right() instanceof Expr.LegacyEventType) {
            Expr other = c.left() instanceof Expr.LegacyEventType ? c.right() : c.left();
            Span at = c.left() instanceof Expr.LegacyEventType ? c.left().span() : c.right().span();
            if ((c.op() == ComparisonOp.EQ || c.op() == ComparisonOp.NE) && other instanceof Literal l
                    && l.value() instanceof String) {
                return legacy(at, List.of(l), c.op() == ComparisonOp.NE, c.span());
            }
            expr(c.left() instanceof Expr.LegacyEventType ? c.left() : c.right(), scope);
            return c; // reported; a comparison is still a condition, so nothing more to say
        }
        Expr left = expr(c.left(), scope);
        Expr right = expr(c.right(), scope);
        StaticType lt = StaticType.of(left);
        StaticType rt = StaticType.of(right);
        if (c.op().isOrdering()) {
            for (Expr side : List.of(left, right)) {
                StaticType t = StaticType.of(side);
                if (t == StaticType.BOOLEAN || t == StaticType.NULL) {
                    problems.report(DiagnosticCode.INVALID_OPERAND, side.span(),
                            "'" + c.op().symbol() + "' orders numbers or strings, not " + t.describe(), null);
                    return c;
                }
            }
        }
        if (neverEqual(lt, rt)) {
            problems.report(DiagnosticCode.TYPE_MISMATCH, c.span(),
                    describe(left) + " is " + lt.describe() + " and " + describe(right) + " is " + rt.describe()
                            + ": '" + c.op().symbol() + "' between them is never true",
                    lt == StaticType.STRING && right instanceof Literal l ? "write the value as a string: '" + l.value() + "'" : null);
        }
        if (c.op() == ComparisonOp.EQ || c.op() == ComparisonOp.NE) {
            eventTypeTypo(left, right);
            eventTypeTypo(right, left);
        }
        return new Expr.Comparison(c.op(), left, right, c.span());
    }

    /**
     * Whether values of two known, different types can never be equal: a type error. The null
     * literal is not one (section 8a defines {@code =} with null on either side); a comparison of
     * constants is reported as always/never true while lowering instead.
     */
    private static boolean neverEqual(StaticType a, StaticType b) {
        return a.known() && b.known() && a != b && a != StaticType.NULL && b != StaticType.NULL;
    }

    private static String describe(Expr e) {
        if (e instanceof Expr.Attribute a) {
            return a.name();
        } else if (e instanceof Literal l) {
            return ExprPrinter.literal(l.value());
        }
        String printed = ExprPrinter.print(e);
        return printed.length() > 40 ? "the left side" : printed;
    }

    private void eventTypeTypo(Expr attribute, Expr value) {
        if (attribute instanceof Expr.Attribute a && a.name().equals("type") && value instanceof Literal l
                && l.value() instanceof String s && !Names.EVENT_TYPES.contains(s)) {
            String meant = Names.closest(s, Names.EVENT_TYPES);
            if (meant != null) {
                problems.report(DiagnosticCode.EVENT_TYPE_TYPO, l.span(),
                        "'" + s + "' is not an event type that Azure Digital Twins sends (types are case-sensitive)",
                        "did you mean '" + meant + "'?");
            }
        }
    }

    private Expr legacy(Span at, List<Literal> names, boolean negated, Span whole) {
        List<Literal> types = new ArrayList<>();
        boolean ok = true;
        for (Literal name : names) {
            List<String> expansion = name.value() instanceof String s ? LEGACY_EVENT_TYPES.get(s) : null;
            if (expansion == null) {
                String meant = name.value() instanceof String s ? Names.closest(s, LEGACY_EVENT_TYPES.keySet()) : null;
                problems.report(DiagnosticCode.UNKNOWN_EVENT_TYPE_NAME, name.span(),
                        "Unknown routing name " + ExprPrinter.literal(name.value()) + "; known: "
                                + String.join(", ", LEGACY_EVENT_TYPES.keySet()),
                        meant == null ? null : "did you mean '" + meant + "'?");
                ok = false;
                continue;
            }
            for (String t : expansion) {
                types.add(new Literal(t, name.span()));
            }
        }
        Expr.Attribute type = new Expr.Attribute("type", at);
        Expr rewritten = types.size() == 1
                ? new Expr.Comparison(negated ? ComparisonOp.NE : ComparisonOp.EQ, type, types.get(0), whole)
                : new Expr.In(type, types, negated, whole);
        if (ok) {
            problems.report(DiagnosticCode.LEGACY_EVENT_TYPE, whole,
                    "$eventType is deprecated; it filters on the routing source name, which maps to event types",
                    "write " + ExprPrinter.print(rewritten));
        }
        return rewritten;
    }

    private Expr in(Expr.In in, int scope) {
        if (in.subject() instanceof Expr.LegacyEventType t) {
            return legacy(t.span(), in.items(), in.negated(), in.span());
        }
        Expr subject = expr(in.subject(), scope);
        StaticType st = StaticType.of(subject);
        if (st.known()) {
            for (Literal item : in.items()) {
                StaticType it = StaticType.ofValue(item.value());
                if (neverEqual(st, it)) {
                    problems.report(DiagnosticCode.TYPE_MISMATCH, item.span(),
                            describe(subject) + " is " + st.describe() + " and this item is " + it.describe()
                                    + ": it can never match", null);
                }
            }
        }
        for (Literal item : in.items()) {
            eventTypeTypo(subject, item);
        }
        return new Expr.In(subject, in.items(), in.negated(), in.span());
    }

    private Expr like(Expr.Like l, int scope) {
        Expr subject = expr(l.subject(), scope);
        StaticType st = StaticType.of(subject);
        if (st.known() && st != StaticType.STRING) {
            problems.report(DiagnosticCode.INVALID_OPERAND, subject.span(),
                    "LIKE matches strings; this is " + st.describe(), null);
        }
        int escape = '\\';
        if (l.escape() != null) {
            String esc = (String) l.escape().value();
            if (esc.codePointCount(0, esc.length()) != 1) {
                problems.report(DiagnosticCode.INVALID_LIKE_PATTERN, l.escape().span(),
                        "ESCAPE takes exactly one character, not " + ExprPrinter.literal(esc), null);
                return l;
            }
            escape = esc.codePointAt(0);
        }
        try {
            LikePattern.compile((String) l.pattern().value(), escape);
        } catch (IllegalArgumentException e) {
            problems.report(DiagnosticCode.INVALID_LIKE_PATTERN, l.pattern().span(),
                    "The LIKE pattern ends with its escape character, which must be followed by the character it escapes",
                    "double the escape character to match it literally");
        }
        return new Expr.Like(subject, l.pattern(), l.escape(), l.negated(), l.span());
    }

    private Expr call(Expr.Call c, int scope) {
        Builtin fn = Builtin.find(c.name());
        if (fn == null) {
            String meant = closestFunction(c.name());
            problems.report(DiagnosticCode.UNKNOWN_FUNCTION, c.nameSpan(), "Unknown function '" + c.name() + "'",
                    meant == null ? "functions: " + String.join(", ", Builtin.names()) : "did you mean " + meant + "?");
            return c;
        }
        int n = c.arguments().size();
        if (n < fn.minArgs() || n > fn.maxArgs()) {
            problems.report(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(),
                    fn.name() + " " + fn.arity() + ", not " + n, null);
            return c;
        }
        List<Expr> args = new ArrayList<>(n);
        if (fn == Builtin.ANY || fn == Builtin.ALL) {
            Expr array = expr(c.arguments().get(0), scope);
            StaticType t = StaticType.of(array);
            if (t.known()) {
                problems.report(DiagnosticCode.INVALID_ARGUMENT, array.span(),
                        fn.name() + " takes an array as its first argument, not " + t.describe(),
                        "e.g. " + fn.name() + "($body.patch, @.path = '/temperature')");
            }
            args.add(array);
            args.add(condition(c.arguments().get(1), scope + 1));
            return new Expr.Call(c.name(), args, c.nameSpan(), c.span());
        }
        if (fn == Builtin.IS_OF_MODEL && n == 2) {
            // The second argument is a word, not a value: IS_OF_MODEL(m, exact) (ADT's query language).
            if (!isExactWord(c.arguments().get(1))) {
                problems.report(DiagnosticCode.INVALID_ARGUMENT, c.arguments().get(1).span(),
                        "IS_OF_MODEL's second argument can only be the word exact", "e.g. IS_OF_MODEL('dtmi:example:Room;1', exact)");
                return c;
            }
            n = 1;
            args.add(c.arguments().get(1));
        }
        for (int i = 0; i < n; i++) {
            Expr arg = expr(c.arguments().get(i), scope);
            StaticType expected = fn.param(i);
            StaticType actual = StaticType.of(arg);
            if (expected.known() && actual.known() && actual != expected) {
                problems.report(DiagnosticCode.INVALID_ARGUMENT, arg.span(),
                        fn.name() + " takes " + expected.describe() + " as argument " + (i + 1) + ", not " + actual.describe(),
                        null);
            }
            args.add(i, arg);
        }
        return new Expr.Call(c.name(), args, c.nameSpan(), c.span());
    }

    /** Whether {@code e} is the word {@code exact} of {@code IS_OF_MODEL(m, exact)}. */
    public static boolean isExactWord(Expr e) {
        return e instanceof Expr.Attribute a && a.name().equalsIgnoreCase("exact");
    }

    private static String closestFunction(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : Builtin.names()) {
            int d = EditDistance.between(upper, candidate);
            if (candidate.replace("_", "").equals(upper.replace("_", ""))) {
                d = 0;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, upper.length() / 4) ? best : null;
    }

    /** Whether a tree contains a {@code [*]} segment outside nested ANY/ALL conditions. */
    static boolean hasWildcard(List<Segment> segments) {
        for (Segment s : segments) {
            if (s instanceof Segment.Wildcard) {
                return true;
            }
        }
        return false;
    }

    /** Whether two literal values can both be equal to one value. */
    static boolean compatible(Object a, Object b) {
        return Values.equal(a, b) == Tri.TRUE;
    }
}
