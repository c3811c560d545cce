package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.ast.Segment;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.Builtin;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.StaticType;
import io.eventroute.compiler.internal.eval.LikePattern;
import io.eventroute.compiler.internal.eval.Tri;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checked tree to program. Every node becomes a small final class; a node whose inputs are all
 * constants is evaluated once, here, by the same class that would evaluate it per event (so folding
 * cannot change a result); a test containing {@code [*]} paths is wrapped to be tried per element.
 * Conditions that fold to a constant are reported as always/never true.
 */
public final class Lowering {
    private final boolean fold;
    private final ModelSet models;
    private final Set<String> attributes = new TreeSet<>();
    private final Set<DataPointer> data = new LinkedHashSet<>();
    private final List<Span> alwaysTrue = new ArrayList<>();
    private final List<Span> neverTrue = new ArrayList<>();
    private Map<Expr, Integer> bindings; // the [*] paths of the test being lowered

    private Lowering(boolean fold, ModelSet models) {
        this.fold = fold;
        this.models = models;
    }

    /** Lowers a checked filter whose {@code IS_OF_MODEL} follows the inheritance of {@code models}. */
    public static Program lower(Expr root, boolean fold, Problems problems, ModelSet models) {
        Lowering l = new Lowering(fold, java.util.Objects.requireNonNull(models, "models"));
        Cond program = l.cond(root);
        l.reportConstants(problems);
        return new Program(program, l.attributes, l.data);
    }

    // ---- conditions

    private Cond cond(Expr e) {
        if (e instanceof Literal l) {
            return new Conds.Const(Tri.fromValue(l.value()));
        }
        if (e instanceof Expr.And a) {
            return junction(a.operands(), true, a);
        }
        if (e instanceof Expr.Or o) {
            return junction(o.operands(), false, o);
        }
        if (e instanceof Expr.Not n) {
            Cond operand = cond(n.operand());
            if (fold && operand instanceof Conds.Const c) {
                return folded(e, Tri.not(c.value));
            }
            return new Conds.Not(operand);
        }
        return test(e);
    }

    private Cond junction(List<Expr> operands, boolean and, Expr e) {
        int absorbing = and ? Tri.FALSE : Tri.TRUE;
        int neutral = and ? Tri.TRUE : Tri.FALSE;
        List<Cond> kept = new ArrayList<>();
        boolean allConstant = true;
        int constantResult = neutral;
        for (Expr o : operands) {
            Cond c = cond(o);
            if (fold && c instanceof Conds.Const k) {
                if (k.value == absorbing) {
                    return folded(e, absorbing);
                }
                if (k.value == Tri.UNKNOWN) {
                    constantResult = Tri.UNKNOWN;
                    kept.add(c);
                }
                continue;
            }
            allConstant = false;
            kept.add(c);
        }
        if (fold && allConstant) {
            return folded(e, constantResult);
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        Cond[] array = kept.toArray(new Cond[0]);
        return and ? new Conds.And(array) : new Conds.Or(array);
    }

    private Cond folded(Expr e, int value) {
        if (!(e instanceof Literal) && e.span() != Span.NONE) {
            (value == Tri.TRUE ? alwaysTrue : neverTrue).add(e.span());
        }
        return new Conds.Const(value);
    }

    /** A test: comparison, IN, LIKE, IS NULL, boolean function or a value used as a condition. */
    private Cond test(Expr e) {
        List<Expr> stars = new ArrayList<>();
        collectStars(e, true, stars);
        if (stars.isEmpty()) {
            return plainTest(e);
        }
        // NOT IN, NOT LIKE, IS NOT NULL over [*] mean "no element": negate the positive test.
        if (e instanceof Expr.In in && in.negated()) {
            return new Conds.Not(test(new Expr.In(in.subject(), in.items(), false, in.span())));
        }
        if (e instanceof Expr.Like l && l.negated()) {
            return new Conds.Not(test(new Expr.Like(l.subject(), l.pattern(), l.escape(), false, l.span())));
        }
        if (e instanceof Expr.IsNull n && n.negated()) {
            return new Conds.Not(test(new Expr.IsNull(n.subject(), false, n.span())));
        }
        Map<Expr, Integer> outer = bindings;
        bindings = new IdentityHashMap<>();
        Wildcards.Source[] sources = new Wildcards.Source[stars.size()];
        for (int i = 0; i < stars.size(); i++) {
            bindings.put(stars.get(i), i);
            sources[i] = source(stars.get(i));
        }
        try {
            return new Wildcards.EachTest(sources, plainTest(e));
        } finally {
            bindings = outer;
        }
    }

    private Cond plainTest(Expr e) {
        if (e instanceof Expr.Comparison c) {
            return comparison(c);
        }
        if (e instanceof Expr.In in) {
            Val v = val(in.subject());
            Object[] items = in.items().stream().map(Literal::value).toArray();
            Cond c = new Conds.In(v, items);
            return foldTest(e, in.negated() ? new Conds.Not(c) : c, v);
        }
        if (e instanceof Expr.Like l) {
            Val v = val(l.subject());
            int escape = l.escape() == null ? '\\' : ((String) l.escape().value()).codePointAt(0);
            LikePattern p = LikePattern.compile((String) l.pattern().value(), escape);
            Cond c = new Conds.Like(v, p, ExprPrinter.literal(l.pattern().value()));
            return foldTest(e, l.negated() ? new Conds.Not(c) : c, v);
        }
        if (e instanceof Expr.IsNull n) {
            Val v = val(n.subject());
            Cond c = new Conds.IsNull(v);
            return foldTest(e, n.negated() ? new Conds.Not(c) : c, v);
        }
        if (e instanceof Expr.Call call) {
            Builtin fn = Builtin.find(call.name());
            if (fn != null && fn.returns() == StaticType.BOOLEAN) {
                return booleanCall(fn, call);
            }
        }
        Val v = val(e);
        return foldTest(e, new Conds.IsTrue(v), v);
    }

    private Cond comparison(Expr.Comparison c) {
        Val left = val(c.left());
        Val right = val(c.right());
        ComparisonOp op = c.op();
        Cond node;
        if (right instanceof Vals.Const k && !(left instanceof Vals.Const) && k.value != null) {
            node = constantComparison(left, op, k.value);
        } else if (left instanceof Vals.Const k && !(right instanceof Vals.Const) && k.value != null) {
            node = constantComparison(right, op.flip(), k.value);
        } else {
            node = new Conds.Compare(op, left, right);
        }
        return foldTest(c, node, left, right);
    }

    private static Cond constantComparison(Val v, ComparisonOp op, Object constant) {
        if (op == ComparisonOp.EQ && v instanceof Vals.Attribute a && constant instanceof String s) {
            return new Conds.AttributeEqualsString(a.name, s);
        }
        if (op == ComparisonOp.EQ || op == ComparisonOp.NE) {
            return new Conds.EqualsConstant(v, constant, op == ComparisonOp.NE);
        }
        return new Conds.CompareConstant(v, op, constant);
    }

    private Cond booleanCall(Builtin fn, Expr.Call call) {
        List<Expr> args = call.arguments();
        switch (fn) {
            case STARTS_WITH:
            case ENDS_WITH:
            case CONTAINS: {
                Val s = val(args.get(0));
                Val p = val(args.get(1));
                return foldTest(call, new Functions.StringTest(fn, s, p), s, p);
            }
            case IS_OF_MODEL: {
                Val wanted = val(args.get(0));
                // IS_OF_MODEL(m, exact): the model itself, whatever extends it.
                return new Functions.IsOfModel(model(), wanted, args.size() == 2 ? ModelSet.empty() : models);
            }
            case ANY:
            case ALL: {
                Val array = val(args.get(0));
                Map<Expr, Integer> outer = bindings;
                bindings = null; // the condition's [*] paths belong to its own tests
                try {
                    Cond body = cond(args.get(1));
                    return new Wildcards.Quantifier(array, body, fn == Builtin.ALL);
                } finally {
                    bindings = outer;
                }
            }
            default: {
                Val v = val(args.get(0));
                return foldTest(call, new Functions.TypeTest(fn, v), v);
            }
        }
    }

    /** Evaluates {@code node} now when every input is a constant. */
    private Cond foldTest(Expr e, Cond node, Val... inputs) {
        if (!fold) {
            return node;
        }
        for (Val v : inputs) {
            if (!(v instanceof Vals.Const)) {
                return node;
            }
        }
        return folded(e, node.test(null, null));
    }

    // ---- values

    private Val val(Expr e) {
        if (bindings != null) {
            Integer slot = bindings.get(e);
            if (slot != null) {
                return new Vals.Binding(slot, ExprPrinter.print(e));
            }
        }
        if (e instanceof Literal l) {
            return new Vals.Const(l.value());
        }
        if (e instanceof Expr.Attribute a) {
            attributes.add(a.name());
            return new Vals.Attribute(a.name());
        }
        if (e instanceof Expr.DataPath p) {
            DataPointer pointer = pointer(p.segments(), 0, p.segments().size());
            data.add(pointer);
            return new Vals.Data(pointer);
        }
        if (e instanceof Expr.ElementPath p) {
            return new Vals.Element(pointer(p.segments(), 0, p.segments().size()));
        }
        if (e instanceof Expr.Model) {
            return model();
        }
        if (e instanceof Expr.Negate n) {
            Val operand = val(n.operand());
            return foldVal(new Vals.Negate(operand), operand);
        }
        if (e instanceof Expr.Arithmetic a) {
            Val left = val(a.left());
            Val right = val(a.right());
            return foldVal(new Vals.Arithmetic(a.op().symbol().charAt(0), left, right), left, right);
        }
        if (e instanceof Expr.Call call) {
            Builtin fn = Builtin.find(call.name());
            if (fn.returns() != StaticType.BOOLEAN) {
                return valueCall(fn, call);
            }
        }
        Cond c = cond(e);
        return c instanceof Conds.Const k ? new Vals.Const(Tri.toBoolean(k.value)) : new Vals.OfCond(c);
    }

    private Val model() {
        attributes.add("type");
        attributes.add("dataschema");
        data.add(Vals.Model.METADATA_MODEL);
        data.add(Vals.Model.MODEL_ID);
        return new Vals.Model();
    }

    private Val valueCall(Builtin fn, Expr.Call call) {
        Val[] args = new Val[call.arguments().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = val(call.arguments().get(i));
        }
        Val node = switch (fn) {
            case CONCAT -> new Functions.Concat(args);
            case SUBSTRING -> new Functions.Substring(args[0], args[1], args.length > 2 ? args[2] : null);
            case INDEX_OF -> new Functions.IndexOf(args[0], args[1]);
            default -> new Functions.Unary(fn, args[0]);
        };
        return foldVal(node, args);
    }

    private Val foldVal(Val node, Val... inputs) {
        if (!fold) {
            return node;
        }
        for (Val v : inputs) {
            if (!(v instanceof Vals.Const)) {
                return node;
            }
        }
        return new Vals.Const(node.eval(null, null));
    }

    // ---- [*] paths

    private Wildcards.Source source(Expr path) {
        List<Segment> segments = path instanceof Expr.DataPath p ? p.segments() : ((Expr.ElementPath) path).segments();
        List<Integer> wildcards = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) instanceof Segment.Wildcard) {
                wildcards.add(i);
            }
        }
        DataPointer head = pointer(segments, 0, wildcards.get(0));
        Val base;
        if (path instanceof Expr.DataPath) {
            data.add(head);
            base = new Vals.Data(head);
        } else {
            base = new Vals.Element(head);
        }
        DataPointer[] after = new DataPointer[wildcards.size()];
        for (int w = 0; w < wildcards.size(); w++) {
            int end = w + 1 < wildcards.size() ? wildcards.get(w + 1) : segments.size();
            after[w] = pointer(segments, wildcards.get(w) + 1, end);
        }
        return new Wildcards.Source(base, after, ExprPrinter.print(path));
    }

    private static DataPointer pointer(List<Segment> segments, int from, int to) {
        List<Object> steps = new ArrayList<>(to - from);
        for (Segment s : segments.subList(from, to)) {
            steps.add(s instanceof Segment.Member m ? m.name() : (Object) ((Segment.Index) s).index());
        }
        return DataPointer.of(steps);
    }

    /** The [*] paths a test reads directly: not those of nested tests or of ANY/ALL conditions. */
    private static void collectStars(Expr e, boolean root, List<Expr> out) {
        if (e instanceof Expr.DataPath p) {
            if (p.segments().stream().anyMatch(s -> s instanceof Segment.Wildcard)) {
                out.add(p);
            }
        } else if (e instanceof Expr.ElementPath p) {
            if (p.segments().stream().anyMatch(s -> s instanceof Segment.Wildcard)) {
                out.add(p);
            }
        } else if (e instanceof Expr.Negate n) {
            collectStars(n.operand(), false, out);
        } else if (e instanceof Expr.Arithmetic a) {
            collectStars(a.left(), false, out);
            collectStars(a.right(), false, out);
        } else if (e instanceof Expr.Call c) {
            Builtin fn = Builtin.find(c.name());
            boolean isTest = fn != null && fn.returns() == StaticType.BOOLEAN;
            if (isTest && !root) {
                return;
            }
            if (fn == Builtin.ANY || fn == Builtin.ALL) {
                collectStars(c.arguments().get(0), false, out);
            } else {
                for (Expr a : c.arguments()) {
                    collectStars(a, false, out);
                }
            }
        } else if (root) {
            if (e instanceof Expr.Comparison c) {
                collectStars(c.left(), false, out);
                collectStars(c.right(), false, out);
            } else if (e instanceof Expr.In in) {
                collectStars(in.subject(), false, out);
            } else if (e instanceof Expr.Like l) {
                collectStars(l.subject(), false, out);
            } else if (e instanceof Expr.IsNull n) {
                collectStars(n.subject(), false, out);
            }
        }
    }

    // ---- warnings

    private void reportConstants(Problems problems) {
        // Report only outermost constant conditions: spans nest like the tree, so after sorting by
        // start (longest first) a span is inside another exactly when it ends before the last kept end.
        List<Span> all = new ArrayList<>(alwaysTrue);
        all.addAll(neverTrue);
        all.sort(java.util.Comparator.comparingInt(Span::offset).thenComparing(Span::length, java.util.Comparator.reverseOrder()));
        java.util.Set<Span> always = new java.util.HashSet<>(alwaysTrue);
        int coveredUntil = -1;
        Span last = null;
        for (Span s : all) {
            if (s.end() <= coveredUntil || s.equals(last)) {
                continue;
            }
            coveredUntil = s.end();
            last = s;
            if (always.contains(s)) {
                problems.report(DiagnosticCode.ALWAYS_TRUE, s, "This condition is always true",
                        "remove it, or check the values it compares");
            } else {
                problems.report(DiagnosticCode.NEVER_TRUE, s, "This condition is never true",
                        "check the values it compares");
            }
        }
    }
}
