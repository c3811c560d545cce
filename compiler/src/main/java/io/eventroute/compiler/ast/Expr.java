package io.eventroute.compiler.ast;

import java.util.List;
import java.util.Objects;

/**
 * A node of the filter syntax tree, as parsed (and, after checking, desugared and folded). Records
 * compare by value including spans; {@link ExprPrinter} gives span-free forms. Immutable; thread-safe.
 */
public sealed interface Expr {

    /** Where this node came from in the source ({@link Span#NONE} when the compiler made it). */
    Span span();

    /** A literal: String, Long, Double, Boolean or {@link io.eventroute.compiler.JsonNull}. */
    record Literal(Object value, Span span) implements Expr {
        /** Requires a value. */
        public Literal {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A context attribute by name: {@code type}, {@code subject}, an extension attribute. */
    record Attribute(String name, Span span) implements Expr {
    }

    /** {@code $body} followed by segments. */
    record DataPath(List<Segment> segments, Span span) implements Expr {
        /** Keeps immutable copies of the lists. */
        public DataPath {
            segments = List.copyOf(segments);
        }
    }

    /** {@code @} followed by segments: the element of the innermost ANY/ALL. */
    record ElementPath(List<Segment> segments, Span span) implements Expr {
        /** Keeps immutable copies of the lists. */
        public ElementPath {
            segments = List.copyOf(segments);
        }
    }

    /** {@code $model}: the model id of the twin the event is about. */
    record Model(Span span) implements Expr {
    }

    /** {@code $eventType}: the legacy routing source name; only valid compared with a literal. */
    record LegacyEventType(Span span) implements Expr {
    }

    /** Unary minus. */
    record Negate(Expr operand, Span span) implements Expr {
    }

    /** {@code + - * / %}. */
    record Arithmetic(ArithmeticOp op, Expr left, Expr right, Span span) implements Expr {
    }

    /** {@code = != < <= > >=} ({@code <>} is read as {@code !=}). */
    record Comparison(ComparisonOp op, Expr left, Expr right, Span span) implements Expr {
    }

    /** Conjunction of two or more operands, flattened. */
    record And(List<Expr> operands, Span span) implements Expr {
        /** Keeps immutable copies of the lists. */
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** Disjunction of two or more operands, flattened. */
    record Or(List<Expr> operands, Span span) implements Expr {
        /** Keeps immutable copies of the lists. */
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** Logical NOT. */
    record Not(Expr operand, Span span) implements Expr {
    }

    /** {@code x [NOT] IN (literal, ...)}. */
    record In(Expr subject, List<Literal> items, boolean negated, Span span) implements Expr {
        /** Keeps immutable copies of the lists. */
        public In {
            items = List.copyOf(items);
        }
    }

    /** {@code x [NOT] LIKE 'pattern' [ESCAPE 'c']}; escape is null when not given. */
    record Like(Expr subject, Literal pattern, Literal escape, boolean negated, Span span) implements Expr {
    }

    /** {@code x IS [NOT] NULL}. */
    record IsNull(Expr subject, boolean negated, Span span) implements Expr {
    }

    /** A function call; {@code name} is as written, {@code nameSpan} covers it. */
    record Call(String name, List<Expr> arguments, Span nameSpan, Span span) implements Expr {
        /** Keeps immutable copies of the lists. */
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** Arithmetic operators. */
    enum ArithmeticOp {
        /** {@code +} */
        ADD("+"),
        /** {@code -} */
        SUBTRACT("-"),
        /** {@code *} */
        MULTIPLY("*"),
        /** {@code /} */
        DIVIDE("/"),
        /** {@code %} */
        MODULO("%");

        private final String symbol;

        ArithmeticOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written. */
        public String symbol() {
            return symbol;
        }
    }

    /** Comparison operators. */
    enum ComparisonOp {
        /** {@code =} */
        EQ("="),
        /** {@code !=} */
        NE("!="),
        /** {@code <} */
        LT("<"),
        /** {@code <=} */
        LE("<="),
        /** {@code >} */
        GT(">"),
        /** {@code >=} */
        GE(">=");

        private final String symbol;

        ComparisonOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator in normalized spelling. */
        public String symbol() {
            return symbol;
        }

        /** True for the ordering operators. */
        public boolean isOrdering() {
            return this != EQ && this != NE;
        }

        /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
        public ComparisonOp flip() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }
}
