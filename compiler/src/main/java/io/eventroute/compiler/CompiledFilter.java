package io.eventroute.compiler;

import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.cesql.CesqlPrinter;
import io.eventroute.compiler.internal.cesql.CesqlProgram;
import io.eventroute.compiler.internal.cesql.Syntax;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.lower.Program;
import java.util.List;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.Set;

/**
 * A filter compiled to an immutable program of small final node classes. Evaluating it reads only
 * the attributes and data paths it needs from the {@link EventView} and allocates nothing in the
 * common case (no {@code [*]}, ANY/ALL, string functions or arithmetic). Immutable; thread-safe.
 *
 * <p>A {@code cesql} filter (CloudEvents SQL) matches only when its expression yields Boolean true
 * with no error; {@link #evaluateValue} gives its full result (value and error kinds).
 */
public final class CompiledFilter {
    private final String source;
    private final Dialect dialect;
    // The syntax tree is needed only to explain and to index a filter, not to evaluate it, and it is
    // most of a compiled filter's memory: it is kept weakly and rebuilt from the source when gone.
    private final Limits limits;
    private volatile WeakReference<Expr> tree;
    private final Program program;
    private final Syntax cesqlTree;
    private final CesqlProgram cesql;

    CompiledFilter(String source, Dialect dialect, Limits limits, Expr tree, Program program) {
        this.source = source;
        this.dialect = dialect;
        this.limits = limits;
        this.tree = new WeakReference<>(tree);
        this.program = program;
        this.cesqlTree = null;
        this.cesql = null;
    }

    CompiledFilter(String source, Syntax cesqlTree, CesqlProgram cesql) {
        this.source = source;
        this.dialect = Dialect.CESQL;
        this.limits = null;
        this.tree = null;
        this.program = null;
        this.cesqlTree = cesqlTree;
        this.cesql = cesql;
    }

    /** True only when the filter is true for this event (false and undefined both mean "not routed"). */
    public boolean matches(EventView event) {
        if (cesql != null) {
            return cesql.matches(Objects.requireNonNull(event, "event"));
        }
        return program.test(Objects.requireNonNull(event, "event")) == Tri.TRUE;
    }

    /**
     * The filter's value for this event: TRUE, FALSE, or null when it is undefined. For a cesql filter,
     * null stands for a result that is not a Boolean or comes with an error.
     */
    public Boolean evaluate(EventView event) {
        if (cesql != null) {
            EvaluationResult r = evaluateValue(event);
            return r.errors().isEmpty() && r.value() instanceof Boolean b ? b : null;
        }
        return Tri.toBoolean(program.test(Objects.requireNonNull(event, "event")));
    }

    /**
     * The full result for this event. For a cesql filter: its value (Boolean, Long or String) and the
     * kind of its first error, if any (evaluation is fail-fast). For an adt filter: TRUE, FALSE or
     * null (undefined), and never an error.
     */
    public EvaluationResult evaluateValue(EventView event) {
        Objects.requireNonNull(event, "event");
        if (cesql != null) {
            CesqlProgram.Outcome o = cesql.evaluate(event);
            Object value = o.value() instanceof Integer i ? Long.valueOf(i) : o.value();
            return new EvaluationResult(value, o.error() == null ? List.of() : List.of(o.error().id()));
        }
        return new EvaluationResult(evaluate(event), List.of());
    }

    /** The text it was compiled from. */
    public String source() {
        return source;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The checked syntax tree (legacy names rewritten), before folding; null for a cesql filter. */
    public Expr tree() {
        if (tree == null) {
            return null;
        }
        Expr t = tree.get();
        if (t == null) {
            t = FilterCompiler.checkedTree(source, limits);
            tree = new WeakReference<>(t);
        }
        return t;
    }

    /** The filter in normalized form: upper-case keywords, single quotes, minimal parentheses. */
    public String normalized() {
        if (cesqlTree != null) {
            return CesqlPrinter.print(cesqlTree);
        }
        return ExprPrinter.print(tree());
    }

    /** The program as an S-expression, after constant folding: what is evaluated per event. */
    public String plan() {
        if (cesql != null) {
            return cesql.describe();
        }
        return program.describe();
    }

    /** The context attributes the filter reads (including those {@code $model} needs). */
    public Set<String> attributes() {
        if (cesql != null) {
            return cesql.attributes();
        }
        return program.attributes();
    }

    /** The pointers into {@code data} the filter reads (for a {@code [*]} path, the array it walks). */
    public Set<DataPointer> dataPointers() {
        if (cesql != null) {
            return Set.of(); // CloudEvents SQL cannot read data
        }
        return program.data();
    }

    /** Drops the cached tree, as the garbage collector may: lets tests check that it is rebuilt. */
    void forgetTree() {
        if (tree != null) {
            tree = new WeakReference<>(null);
        }
    }

    Program program() {
        return program;
    }

    @Override
    public String toString() {
        return "CompiledFilter[" + source + "]";
    }
}
