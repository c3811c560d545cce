package io.eventroute.compiler.internal.plan;

import io.eventroute.compiler.ConditionValue;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.cesql.CesqlPrinter;
import io.eventroute.compiler.internal.cesql.CesqlProgram;
import io.eventroute.compiler.internal.cesql.Syntax;
import io.eventroute.compiler.internal.index.Index;
import io.eventroute.compiler.internal.lower.Programs;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A CloudEvents SQL filter: it matches only when its expression yields Boolean true with no error;
 * the index cannot look into it, so it is evaluated whole for every event. Immutable; thread-safe.
 */
public final class CesqlEvaluator implements Evaluator {
    private final Syntax tree;
    private final CesqlProgram program;

    public CesqlEvaluator(Syntax tree, CesqlProgram program) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.program = Objects.requireNonNull(program, "program");
    }

    @Override
    public List<ConditionValue> conditions(EventView event) {
        // A cesql filter keeps no adt tree to break down: evaluateValue gives its value and errors.
        return List.of();
    }

    @Override
    public boolean matches(EventView event) {
        return program.matches(event);
    }

    @Override
    public Boolean evaluate(EventView event) {
        Value v = evaluateValue(event);
        return v.errors().isEmpty() && v.value() instanceof Boolean b ? b : null;
    }

    @Override
    public Value evaluateValue(EventView event) {
        CesqlProgram.Outcome o = program.evaluate(event);
        Object value = o.value() instanceof Integer i ? Long.valueOf(i) : o.value();
        return new Value(value, o.error() == null ? List.of() : List.of(o.error().id()));
    }

    @Override
    public Expr tree() {
        return null;
    }

    @Override
    public String normalized() {
        return CesqlPrinter.print(tree);
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
        return Set.of(); // CloudEvents SQL cannot read data
    }

    @Override
    public Index addTo(Index index, String id, Object filter) {
        return index.with(id, filter, null, Programs.opaque(this::matches, attributes(), dataPointers()));
    }

    @Override
    public Index refile(Index index, String id, Object filter) {
        return index; // filed nowhere: nothing to move
    }
}
