package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.cesql.Syntax.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Syntax tree to program: resolves functions (an unknown name or arity is a compile error of kind
 * missingFunction, since every function is known statically), inserts the implicit casts the static
 * types call for, folds constant sub-expressions that evaluate without error, and warns about the
 * constructs whose CESQL meaning surprises SQL users. One instance per compilation, used by one thread.
 */
public final class CesqlLowering {
    /** The attributes every CloudEvent has; EXISTS on them is true (spec). */
    private static final Set<String> REQUIRED = Set.of("specversion", "id", "source", "type");
    private static final int MAX_QUOTED = 120;

    private final boolean folding;
    private final Problems problems;
    private final Set<String> attributes = new LinkedHashSet<>();

    private CesqlLowering(boolean folding, Problems problems) {
        this.folding = folding;
        this.problems = problems;
    }

    /** The program for {@code root}, or null when an error was reported. */
    public static CesqlProgram lower(Syntax root, boolean folding, Problems problems) {
        CesqlLowering l = new CesqlLowering(folding, problems);
        Node node = l.lower(root);
        return problems.hasErrors() ? null : new CesqlProgram(node, l.attributes);
    }

    private Node lower(Syntax s) {
        if (s instanceof Syntax.Literal lit) {
            return new Nodes.Const(lit.value());
        } else if (s instanceof Syntax.Attribute a) {
            attributes.add(a.name());
            return new Nodes.Attr(a.name());
        } else if (s instanceof Syntax.Exists e) {
            if (REQUIRED.contains(e.name())) {
                return new Nodes.Const(Boolean.TRUE);
            }
            attributes.add(e.name());
            return new Nodes.Exists(e.name());
        } else if (s instanceof Syntax.Paren p) {
            return lower(p.inner());
        } else if (s instanceof Syntax.Not n) {
            return fold(new Nodes.Not(cast(Type.BOOLEAN, lower(n.operand()))), s.span());
        } else if (s instanceof Syntax.Negate n) {
            return fold(new Nodes.Negate(cast(Type.INTEGER, lower(n.operand()))), s.span());
        } else if (s instanceof Syntax.Chain c) {
            return chain(c);
        } else if (s instanceof Syntax.Like like) {
            warnIfNotOperand(like.operand(), like.negated() ? "NOT LIKE" : "LIKE");
            return fold(new Nodes.Like(cast(Type.STRING, lower(like.operand())), like.pattern(), like.negated()), s.span());
        } else if (s instanceof Syntax.In in) {
            warnIfNotOperand(in.operand(), in.negated() ? "NOT IN" : "IN");
            Node operand = lower(in.operand());
            List<Node> items = new ArrayList<>();
            for (Syntax item : in.items()) {
                items.add(lower(item));
            }
            return fold(new Nodes.In(operand, items, in.negated()), s.span());
        }
        return call((Syntax.Call) s);
    }

    private Node chain(Syntax.Chain c) {
        int level = c.ops().get(0).level();
        if (level == 0) {
            warnIfMixed(c);
        } else {
            warnIfNotOperand(c.first(), c.ops().get(0).symbol());
        }
        Type operandType = level == 0 ? Type.BOOLEAN : level == 1 ? null : Type.INTEGER;
        Node first = cast(operandType, lower(c.first()));
        List<Node> rest = new ArrayList<>();
        for (Syntax r : c.rest()) {
            rest.add(cast(operandType, lower(r)));
        }
        Type type = level <= 1 ? Type.BOOLEAN : Type.INTEGER;
        return fold(new Chain(type, first, c.ops(), rest), c.span());
    }

    private Node call(Syntax.Call c) {
        List<Builtins.Definition> definitions = Builtins.ALL.get(c.name());
        List<Node> args = new ArrayList<>();
        for (Syntax a : c.args()) {
            args.add(lower(a));
        }
        if (definitions == null) {
            problems.report(DiagnosticCode.UNKNOWN_FUNCTION, c.nameSpan(), "Unknown function " + c.name(),
                    "the functions are " + String.join(", ", new java.util.TreeSet<>(Builtins.ALL.keySet())));
            return new Nodes.Const(Boolean.FALSE);
        }
        for (Builtins.Definition d : definitions) {
            if (d.accepts(args.size())) {
                List<Node> cast = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    cast.add(cast(d.parameter(i), args.get(i)));
                }
                return fold(new Builtins.Call(d, cast), c.span());
            }
        }
        problems.report(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(),
                c.name() + " does not take " + args.size() + " argument" + (args.size() == 1 ? "" : "s"),
                "write " + definitions.stream().map(Builtins.Definition::signature).collect(Collectors.joining(" or ")));
        return new Nodes.Const(Boolean.FALSE);
    }

    /** {@code node} cast to {@code target} (null or ANY: as it is). */
    private Node cast(Type target, Node node) {
        if (target == null || target == Type.ANY || node.type == target) {
            return node;
        }
        return fold(new Nodes.Cast(target, node), null);
    }

    /**
     * Evaluates a node whose operands are all constants: the value replaces it when folding is on; an
     * error it always raises is a warning (and it is kept, so that evaluation raises the error).
     */
    private Node fold(Node node, Span span) {
        if (!constantOperands(node)) {
            return node;
        }
        try {
            Object value = node.eval(null);
            return folding ? new Nodes.Const(value) : node;
        } catch (EvalError e) {
            if (span != null) {
                problems.report(DiagnosticCode.ALWAYS_FAILS, span,
                        "This always raises a " + e.kind.id() + " error: " + e.getMessage(),
                        "a filter with an evaluation error never matches");
            }
            return node;
        }
    }

    private static boolean constantOperands(Node node) {
        if (node instanceof Nodes.Cast c) {
            return c.operand instanceof Nodes.Const;
        } else if (node instanceof Nodes.Not n) {
            return n.operand instanceof Nodes.Const;
        } else if (node instanceof Nodes.Negate n) {
            return n.operand instanceof Nodes.Const;
        } else if (node instanceof Nodes.Like l) {
            return l.operand instanceof Nodes.Const;
        } else if (node instanceof Nodes.In in) {
            return in.operand instanceof Nodes.Const && in.items.stream().allMatch(i -> i instanceof Nodes.Const);
        } else if (node instanceof Chain c) {
            return c.operands().stream().allMatch(o -> o instanceof Nodes.Const);
        } else if (node instanceof Builtins.Call call) {
            return call.operands().stream().allMatch(o -> o instanceof Nodes.Const);
        }
        return false;
    }

    /** AND, OR and XOR mixed without parentheses: legal, grouped left to right, and worth a warning. */
    private void warnIfMixed(Syntax.Chain c) {
        Op firstOp = c.ops().get(0);
        for (int i = 1; i < c.ops().size(); i++) {
            if (c.ops().get(i) != firstOp) {
                String grouped = CesqlPrinter.leftGrouped(c);
                problems.report(DiagnosticCode.MIXED_LOGICAL_OPERATORS, c.opSpans().get(i),
                        "AND, OR and XOR have the same precedence in CloudEvents SQL and group left to right"
                                + (grouped.length() <= MAX_QUOTED ? ": this reads as " + grouped : ""),
                        "add parentheses to say which grouping you mean");
                return;
            }
        }
    }

    /** {@code NOT x = y} is {@code (NOT x) = y} in CESQL; SQL users mean {@code NOT (x = y)}. */
    private void warnIfNotOperand(Syntax operand, String operator) {
        if (operand instanceof Syntax.Not not) {
            problems.report(DiagnosticCode.NOT_APPLIES_TO_LEFT_OPERAND, not.span(),
                    "NOT binds tighter than " + operator + ": it negates only " + CesqlPrinter.print(not.operand())
                            + ", not the whole comparison",
                    "write NOT (...) around the whole expression, or (NOT x) to keep this meaning");
        }
    }
}
