package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.internal.cesql.Syntax.Op;
import java.util.List;

/**
 * A chain of binary operators of one precedence level, evaluated left to right in a loop (a long
 * chain is not deep recursion): {@code ((first op1 x1) op2 x2) ...}. AND and OR skip their right
 * operand when the left side decides (the spec's MUST). Operands of logical and arithmetic chains are
 * already cast to Boolean or Integer; comparison operands are cast here, because {@code =} takes its
 * type from its right operand, which for an attribute is known only at run time.
 */
final class Chain extends Node {
    private final Node first;
    private final Op[] ops;
    private final Node[] rest;

    Chain(Type type, Node first, List<Op> ops, List<Node> rest) {
        super(type);
        this.first = first;
        this.ops = ops.toArray(new Op[0]);
        this.rest = rest.toArray(new Node[0]);
    }

    /** The operands, first to last. */
    List<Node> operands() {
        List<Node> all = new java.util.ArrayList<>(rest.length + 1);
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }

    @Override
    Object eval(EventView event) {
        Object acc = first.eval(event);
        int last = ops.length - 1;
        for (int i = 0; i <= last; i++) {
            // An error of the last operator is this node's own; an earlier one is an inner node's.
            Node owner = i == last ? this : null;
            acc = apply(ops[i], acc, rest[i], event, owner);
        }
        return acc;
    }

    private static Object apply(Op op, Object left, Node right, EventView event, Node owner) {
        switch (op) {
            case AND:
                return (Boolean) left ? right.eval(event) : Boolean.FALSE;
            case OR:
                return (Boolean) left ? Boolean.TRUE : right.eval(event);
            case XOR:
                return (Boolean) left ^ (Boolean) right.eval(event);
            case EQ:
                return equal(left, right.eval(event));
            case NEQ:
            case LTGT:
                return !equal(left, right.eval(event));
            case LT:
            case LE:
            case GT:
            case GE:
                return compare(op, left, right.eval(event));
            default:
                return arithmetic(op, (Integer) left, (Integer) right.eval(event), owner);
        }
    }

    /** {@code =}: the left value is cast to the right value's type (spec 3.7, ambiguous operators). */
    private static boolean equal(Object left, Object right) {
        return Casts.to(Type.of(right), left, null).equals(right);
    }

    private static boolean compare(Op op, Object left, Object right) {
        int l = Casts.toInteger(left, null);
        int r = Casts.toInteger(right, null);
        return switch (op) {
            case LT -> l < r;
            case LE -> l <= r;
            case GT -> l > r;
            default -> l >= r;
        };
    }

    /**
     * 32-bit arithmetic. Division by zero yields 0 and a math error (spec); overflow, on which the spec
     * is silent, yields the saturated value and a math error, like ABS(-2147483648).
     */
    static int arithmetic(Op op, int l, int r, Node owner) {
        long exact;
        switch (op) {
            case PLUS:
                exact = (long) l + r;
                break;
            case MINUS:
                exact = (long) l - r;
                break;
            case STAR:
                exact = (long) l * r;
                break;
            case SLASH:
                if (r == 0) {
                    throw new EvalError(ErrorKind.MATH, 0, owner, "division by zero");
                }
                exact = (long) l / r;
                break;
            default:
                if (r == 0) {
                    throw new EvalError(ErrorKind.MATH, 0, owner, "modulo by zero");
                }
                return l % r;
        }
        if (exact > Integer.MAX_VALUE || exact < Integer.MIN_VALUE) {
            int saturated = exact > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            throw new EvalError(ErrorKind.MATH, saturated, owner,
                    l + " " + op.symbol() + " " + r + " overflows the 32-bit integer range");
        }
        return (int) exact;
    }

    @Override
    void describe(StringBuilder out) {
        // Left-nested S-expression, the grouping the chain evaluates.
        for (int i = ops.length - 1; i >= 0; i--) {
            out.append('(').append(ops[i].symbol().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        first.describe(out);
        for (int i = 0; i < ops.length; i++) {
            out.append(' ');
            rest[i].describe(out);
            out.append(')');
        }
    }
}
