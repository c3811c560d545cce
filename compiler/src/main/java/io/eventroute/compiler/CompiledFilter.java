package io.eventroute.compiler;

import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.lower.Program;
import java.util.Objects;
import java.util.Set;

/**
 * A filter compiled to an immutable program of small final node classes. Evaluating it reads only
 * the attributes and data paths it needs from the {@link EventView} and allocates nothing in the
 * common case (no {@code [*]}, ANY/ALL, string functions or arithmetic). Immutable; thread-safe.
 */
public final class CompiledFilter {
    private final String source;
    private final Dialect dialect;
    private final Expr tree;
    private final Program program;

    CompiledFilter(String source, Dialect dialect, Expr tree, Program program) {
        this.source = source;
        this.dialect = dialect;
        this.tree = tree;
        this.program = program;
    }

    /** True only when the filter is true for this event (false and undefined both mean "not routed"). */
    public boolean matches(EventView event) {
        return program.test(Objects.requireNonNull(event, "event")) == Tri.TRUE;
    }

    /** The filter's value for this event: TRUE, FALSE, or null when it is undefined. */
    public Boolean evaluate(EventView event) {
        return Tri.toBoolean(program.test(Objects.requireNonNull(event, "event")));
    }

    /** The text it was compiled from. */
    public String source() {
        return source;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The checked syntax tree (legacy names rewritten), before folding. */
    public Expr tree() {
        return tree;
    }

    /** The filter in normalized form: upper-case keywords, single quotes, minimal parentheses. */
    public String normalized() {
        return ExprPrinter.print(tree);
    }

    /** The program as an S-expression, after constant folding: what is evaluated per event. */
    public String plan() {
        return program.describe();
    }

    /** The context attributes the filter reads (including those {@code $model} needs). */
    public Set<String> attributes() {
        return program.attributes();
    }

    /** The pointers into {@code data} the filter reads (for a {@code [*]} path, the array it walks). */
    public Set<DataPointer> dataPointers() {
        return program.data();
    }

    Program program() {
        return program;
    }

    @Override
    public String toString() {
        return "CompiledFilter[" + source + "]";
    }
}
