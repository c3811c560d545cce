package io.eventroute.compiler.internal;

import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.ast.Expr;

/** What the compiler knows about an expression's type before seeing an event. */
public enum StaticType {
    STRING, NUMBER, BOOLEAN, NULL, ANY;

    /** Lower-case article + name for messages: "a string". */
    public String describe() {
        return switch (this) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ANY -> "a value";
        };
    }

    /** True for a type known at compile time (not ANY). */
    public boolean known() {
        return this != ANY;
    }

    public static StaticType ofValue(Object v) {
        if (v instanceof String) {
            return STRING;
        } else if (v instanceof Boolean) {
            return BOOLEAN;
        } else if (v instanceof JsonNull) {
            return NULL;
        } else if (v instanceof Number) {
            return NUMBER;
        }
        return ANY;
    }

    /** The static type of a checked expression. */
    public static StaticType of(Expr e) {
        if (e instanceof Expr.Literal l) {
            return ofValue(l.value());
        } else if (e instanceof Expr.Attribute a) {
            return Names.CORE_ATTRIBUTES.contains(a.name()) ? STRING : ANY;
        } else if (e instanceof Expr.Model || e instanceof Expr.LegacyEventType) {
            return STRING;
        } else if (e instanceof Expr.Negate || e instanceof Expr.Arithmetic) {
            return NUMBER;
        } else if (e instanceof Expr.Comparison || e instanceof Expr.And || e instanceof Expr.Or
                || e instanceof Expr.Not || e instanceof Expr.In || e instanceof Expr.Like || e instanceof Expr.IsNull) {
            return BOOLEAN;
        } else if (e instanceof Expr.Call c) {
            Builtin b = Builtin.find(c.name());
            return b == null ? ANY : b.returns();
        }
        return ANY; // paths
    }
}
