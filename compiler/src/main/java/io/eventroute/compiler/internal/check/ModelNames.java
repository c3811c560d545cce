package io.eventroute.compiler.internal.check;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.ModelCalls;
import io.eventroute.compiler.internal.Problems;

/** Warning W5006: an {@code IS_OF_MODEL(m)} whose {@code m} the loaded models do not know. Stateless. */
public final class ModelNames {
    private ModelNames() {
    }

    /** Reports each constant {@code m} of an inheriting {@code IS_OF_MODEL(m)} unknown to {@code models}, when it has any. */
    public static void check(Expr checked, ModelSet models, Problems problems) {
        if (models.isEmpty()) {
            return;
        }
        for (Expr.Call call : ModelCalls.calls(checked)) {
            if (call.arguments().get(0) instanceof Expr.Literal l && l.value() instanceof String m && !models.knows(m)) {
                problems.report(DiagnosticCode.UNKNOWN_MODEL, l.span(),
                        "'" + m + "' is not a known model: IS_OF_MODEL matches only events of that very model,"
                                + " since no known model extends it",
                        "did you mean '" + models.closest(m) + "'?");
            }
        }
    }
}
