package io.eventroute.compiler;

import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.cesql.CesqlLowering;
import io.eventroute.compiler.internal.cesql.CesqlProgram;
import io.eventroute.compiler.internal.cesql.Syntax;
import io.eventroute.compiler.internal.check.Checker;
import io.eventroute.compiler.internal.check.ModelNames;
import io.eventroute.compiler.internal.lower.Lowering;
import io.eventroute.compiler.internal.lower.Program;
import io.eventroute.compiler.internal.parse.AdtFrontEnd;
import io.eventroute.compiler.internal.parse.CesqlFrontEnd;
import io.eventroute.compiler.internal.plan.AdtEvaluator;
import io.eventroute.compiler.internal.plan.CesqlEvaluator;
import java.util.Objects;

/**
 * Compiles filter text into {@link CompiledFilter}s. Built once with a dialect and limits, then used
 * from any number of threads: it holds no mutable state. {@link #compile(String)} never throws for
 * bad input; it returns every diagnostic.
 *
 * <pre>{@code
 * FilterCompiler compiler = FilterCompiler.builder().build();
 * CompileResult r = compiler.compile("type = 'Microsoft.DigitalTwins.Twin.Create'");
 * if (r.hasErrors()) { System.err.print(r.render()); } else { r.orThrow().matches(event); }
 * }</pre>
 */
public final class FilterCompiler {
    private final Dialect dialect;
    private final Limits limits;
    private final boolean constantFolding;
    private final ModelSet models;

    private FilterCompiler(Builder b) {
        this.models = b.models;
        this.dialect = b.dialect;
        this.limits = b.limits;
        this.constantFolding = b.constantFolding;
    }

    /** A builder with the defaults: dialect {@code adt}, {@link Limits#DEFAULT}, folding on. */
    public static Builder builder() {
        return new Builder();
    }

    public Dialect dialect() {
        return dialect;
    }

    public Limits limits() {
        return limits;
    }

    /** The models {@code IS_OF_MODEL} follows; empty unless set. */
    public ModelSet models() {
        return models;
    }

    /** This compiler with {@code models} in place of its models (this one when they are the same). */
    public FilterCompiler withModels(ModelSet models) {
        if (models.equals(this.models)) {
            return this;
        }
        return builder().dialect(dialect).limits(limits).constantFolding(constantFolding).models(models).build();
    }

    /** Compiles {@code source}; never throws for user input. */
    public CompileResult compile(String source) {
        Objects.requireNonNull(source, "source");
        Problems problems = new Problems(source);
        try {
            if (dialect == Dialect.CESQL) {
                return compileCesql(source, problems);
            }
            Expr parsed = AdtFrontEnd.parse(source, limits, problems);
            Expr checked = parsed == null ? null : Checker.check(parsed, problems);
            if (checked == null) {
                return new CompileResult(source, problems.sorted(), null);
            }
            // Always-/never-true warnings come from folding; they must not depend on the switch, so
            // without folding the program is lowered a second time, unfolded.
            ModelNames.check(checked, models, problems);
            Program program = Lowering.lower(checked, true, problems, models);
            if (!constantFolding) {
                program = Lowering.lower(checked, false, new Problems(source), models);
            }
            return new CompileResult(source, problems.sorted(), new CompiledFilter(source, dialect, new AdtEvaluator(source, limits, checked, program, models)));
        } catch (StackOverflowError tooDeep) {
            // Depth is limited before parsing; a long chain of binary operators can still be deep.
            Problems fresh = new Problems(source);
            fresh.report(DiagnosticCode.TOO_COMPLEX, 0, 0,
                    "The filter is too complex to compile (its expression tree is too deep)",
                    "split long chains of operators into parenthesized groups, or simplify the filter");
            return new CompileResult(source, fresh.sorted(), null);
        }
    }

    private CompileResult compileCesql(String source, Problems problems) {
        Syntax parsed = CesqlFrontEnd.parse(source, limits, problems);
        // As for adt: warnings come from the folding pass whatever the switch says.
        CesqlProgram program = parsed == null ? null : CesqlLowering.lower(parsed, true, problems);
        if (program == null) {
            return new CompileResult(source, problems.sorted(), null);
        }
        if (!constantFolding) {
            program = CesqlLowering.lower(parsed, false, new Problems(source));
        }
        return new CompileResult(source, problems.sorted(), new CompiledFilter(source, Dialect.CESQL, new CesqlEvaluator(parsed, program)));
    }

    /** Configures a {@link FilterCompiler}; not thread-safe, build once and share the compiler. */
    public static final class Builder {
        private Dialect dialect = Dialect.ADT;
        private Limits limits = Limits.DEFAULT;
        private boolean constantFolding = true;
        private ModelSet models = ModelSet.empty();

        private Builder() {
        }

        /**
         * The models whose inheritance {@code IS_OF_MODEL(m)} follows (none by default: the event's model
         * must be {@code m}); with some, a model {@code m} that is not among them gets warning W5006.
         */
        public Builder models(ModelSet models) {
            this.models = Objects.requireNonNull(models, "models");
            return this;
        }

        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Whether constant sub-expressions are evaluated at compile time (on by default; off for testing). */
        public Builder constantFolding(boolean on) {
            this.constantFolding = on;
            return this;
        }

        public FilterCompiler build() {
            return new FilterCompiler(this);
        }
    }
}
