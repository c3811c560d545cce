package io.eventroute.compiler.internal.plan;

import io.eventroute.compiler.ConditionValue;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.check.Checker;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.index.Index;
import io.eventroute.compiler.internal.lower.Lowering;
import io.eventroute.compiler.internal.lower.Program;
import io.eventroute.compiler.internal.parse.AdtFrontEnd;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An adt filter: its program of small final node classes, and its checked syntax tree, which only
 * explaining and indexing need and which is most of a filter's memory, so it is held weakly and
 * rebuilt from the source when the collector took it. Until the filter is first filed in an index the
 * tree is also held strongly: filing comes right after compiling (a table loaded from a file compiles
 * thousands of filters, then files them), and a collection in between would otherwise make filing
 * parse every filter again. Immutable apart from that cache; thread-safe.
 */
public final class AdtEvaluator implements Evaluator {
    private final String source;
    private final Limits limits;
    private final Program program;
    private final ModelSet models;
    // The tree itself until the first addTo, then a WeakReference to it: one field, not two, keeps this
    // object at 32 bytes instead of 40 (a table holds one per route).
    private volatile Object tree;

    public AdtEvaluator(String source, Limits limits, Expr tree, Program program) {
        this(source, limits, tree, program, ModelSet.empty());
    }

    /** {@code models}: those the program's IS_OF_MODEL follows, which {@link #conditions} lowers with too. */
    public AdtEvaluator(String source, Limits limits, Expr tree, Program program, ModelSet models) {
        this.models = Objects.requireNonNull(models, "models");
        this.source = Objects.requireNonNull(source, "source");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.program = Objects.requireNonNull(program, "program");
        this.tree = Objects.requireNonNull(tree, "tree");
    }

    /** The checked tree of an adt filter that compiled before (so it compiles again, identically). */
    public static Expr checkedTree(String source, Limits limits) {
        Problems problems = new Problems(source);
        Expr parsed = AdtFrontEnd.parse(source, limits, problems);
        Expr checked = parsed == null ? null : Checker.check(parsed, problems);
        if (checked == null) {
            throw new IllegalStateException("a filter that compiled no longer does: " + problems.sorted());
        }
        return checked;
    }

    @Override
    public boolean matches(EventView event) {
        return program.test(event) == Tri.TRUE;
    }

    @Override
    public Boolean evaluate(EventView event) {
        return Tri.toBoolean(program.test(event));
    }

    @Override
    public Value evaluateValue(EventView event) {
        return new Value(evaluate(event), List.of());
    }

    @Override
    public List<ConditionValue> conditions(EventView event) {
        List<ConditionValue> out = new ArrayList<>();
        conditions(tree(), 0, event, out);
        return out;
    }

    /**
     * Each node is lowered on its own, unfolded, so its value is its own and not what folding made of it;
     * this runs once per request that asks why, never per routed event. Calls (ANY, ALL, IS_OF_MODEL, ...)
     * are taken whole: their arguments can refer to {@code @}, which means nothing outside them.
     */
    private void conditions(Expr e, int depth, EventView event, List<ConditionValue> out) {
        Program p = Lowering.lower(e, false, new Problems(source), models);
        out.add(new ConditionValue(depth, ExprPrinter.print(e), e.span().offset(), e.span().length(),
                Tri.toBoolean(p.test(event))));
        if (e instanceof Expr.And a) {
            a.operands().forEach(o -> conditions(o, depth + 1, event, out));
        } else if (e instanceof Expr.Or o) {
            o.operands().forEach(x -> conditions(x, depth + 1, event, out));
        } else if (e instanceof Expr.Not n) {
            conditions(n.operand(), depth + 1, event, out);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Expr tree() {
        Object held = tree;
        if (held instanceof Expr strong) {
            return strong;
        }
        Expr t = ((WeakReference<Expr>) held).get();
        if (t == null) {
            t = checkedTree(source, limits);
            tree = new WeakReference<>(t);
        }
        return t;
    }

    /**
     * The tree for the index, or null when it cannot be rebuilt here: a rebuild runs deeper in the
     * stack than the first compilation did, and the index must not fail a table change because of it.
     * Without a tree the route is evaluated whole for every event, which gives the same matches.
     */
    private Expr treeOrNull() {
        try {
            return tree();
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    @Override
    public String normalized() {
        return ExprPrinter.print(tree());
    }

    @Override
    public String plan() {
        return program.describe();
    }

    @Override
    public Set<String> attributes() {
        return program.attributes();
    }

    @Override
    public Set<DataPointer> dataPointers() {
        return program.data();
    }

    @Override
    public Index addTo(Index index, String id, Object filter) {
        Index filed = index.with(id, filter, treeOrNull(), program);
        if (tree instanceof Expr strong) {
            tree = new WeakReference<>(strong);
        }
        return filed;
    }

    @Override
    public Index refile(Index index, String id, Object filter) {
        Expr t = treeOrNull();
        return t == null ? index : index.refiled(id, filter, t, program);
    }

    /** The program evaluated per event. */
    public Program program() {
        return program;
    }

    /** Drops the cached tree, as the garbage collector may: lets tests check that it is rebuilt. */
    public void forgetTree() {
        tree = new WeakReference<Expr>(null);
    }
}
