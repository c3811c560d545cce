package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.ast.Span;
import java.util.List;

/**
 * The syntax tree of a {@code cesql} filter, as the front end reads it: literals decoded, names
 * lower-cased (attributes) or upper-cased (functions), binary operators of one precedence level kept
 * as flat chains (evaluated left to right). Immutable; thread-safe.
 */
public sealed interface Syntax {

    Span span();

    /** A Boolean, Integer or String literal; {@code value} is a Boolean, Integer or String. */
    record Literal(Object value, Span span) implements Syntax {
    }

    /** A context attribute or extension, by its lower-cased name. */
    record Attribute(String name, Span span) implements Syntax {
    }

    /** {@code EXISTS name}. */
    record Exists(String name, Span span) implements Syntax {
    }

    /** {@code NOT x}. */
    record Not(Syntax operand, Span span) implements Syntax {
    }

    /** {@code -x}. */
    record Negate(Syntax operand, Span span) implements Syntax {
    }

    /** A parenthesized expression, kept so that warnings can tell {@code (NOT a) = b} from {@code NOT a = b}. */
    record Paren(Syntax inner, Span span) implements Syntax {
    }

    /**
     * {@code first op1 x1 op2 x2 ...}, grouped left to right; every operator is of one precedence
     * level. {@code opSpans} locate the operators.
     */
    record Chain(Syntax first, List<Op> ops, List<Syntax> rest, List<Span> opSpans, Span span) implements Syntax {
        public Chain {
            ops = List.copyOf(ops);
            rest = List.copyOf(rest);
            opSpans = List.copyOf(opSpans);
        }
    }

    /** {@code x [NOT] LIKE 'pattern'}; the pattern is the decoded string literal. */
    record Like(Syntax operand, String pattern, boolean negated, Span span) implements Syntax {
    }

    /** {@code x [NOT] IN (items)}. */
    record In(Syntax operand, List<Syntax> items, boolean negated, Span span) implements Syntax {
        public In {
            items = List.copyOf(items);
        }
    }

    /** {@code NAME(args)}; the name is upper-cased. */
    record Call(String name, List<Syntax> args, Span nameSpan, Span span) implements Syntax {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** The binary operators, by precedence level. */
    enum Op {
        AND("AND", 0), OR("OR", 0), XOR("XOR", 0),
        EQ("=", 1), NEQ("!=", 1), LTGT("<>", 1), LT("<", 1), LE("<=", 1), GT(">", 1), GE(">=", 1),
        PLUS("+", 2), MINUS("-", 2),
        STAR("*", 3), SLASH("/", 3), PERCENT("%", 3);

        private final String symbol;
        private final int level;

        Op(String symbol, int level) {
            this.symbol = symbol;
            this.level = level;
        }

        public String symbol() {
            return symbol;
        }

        /** 0 logical, 1 comparison, 2 additive, 3 multiplicative. */
        public int level() {
            return level;
        }
    }
}
