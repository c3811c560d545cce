package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.ArithmeticOp;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.ast.Segment;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.parse.AdtFrontEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random well-formed syntax trees print and re-parse to the same tree. jqwik prints the seed of a
 * failing run; rerun it with {@code @Property(seed = "...")}.
 */
class PrintParsePropertyTest {
    private static final Limits ROOMY = new Limits(1_000_000, 1_000, 10_000);
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "in", "is", "null", "true", "false", "like", "escape");

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 1_000)
    void printedTreesParseBackToTheSameTree(@ForAll("seeds") long seed) {
        Expr tree = new TreeGenerator(new Random(seed)).condition(0);
        String printed = ExprPrinter.print(tree);
        Problems problems = new Problems(printed);
        Expr reparsed = AdtFrontEnd.parse(printed, ROOMY, problems);
        assertNotNull(reparsed, () -> "seed " + seed + ": " + printed + "\n" + problems.sorted());
        assertEquals(ExprPrinter.tree(tree), ExprPrinter.tree(reparsed), () -> "seed " + seed + ": " + printed);
        assertEquals(printed, ExprPrinter.print(reparsed));
    }

    /** Builds syntax trees of the shapes the parser produces (flattened AND/OR, positive literals). */
    static final class TreeGenerator {
        private final Random random;

        TreeGenerator(Random random) {
            this.random = random;
        }

        Expr condition(int depth) {
            int choice = random.nextInt(depth > 3 ? 6 : 10);
            switch (choice) {
                case 0:
                    return new Expr.Comparison(ComparisonOp.values()[random.nextInt(6)], value(depth + 1), value(depth + 1), Span.NONE);
                case 1: {
                    List<Literal> items = new ArrayList<>();
                    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                        items.add(literal(true));
                    }
                    return new Expr.In(value(depth + 1), items, random.nextBoolean(), Span.NONE);
                }
                case 2:
                    return new Expr.Like(value(depth + 1), new Literal(string(), Span.NONE),
                            random.nextBoolean() ? null : new Literal("!", Span.NONE), random.nextBoolean(), Span.NONE);
                case 3:
                    return new Expr.IsNull(value(depth + 1), random.nextBoolean(), Span.NONE);
                case 4:
                    return path();
                case 5:
                    return new Expr.Call(random.nextBoolean() ? "STARTS_WITH" : "ANY",
                            List.of(value(depth + 1), condition(depth + 1)), Span.NONE, Span.NONE);
                case 6:
                    return new Expr.Not(condition(depth + 1), Span.NONE);
                case 7:
                case 8: {
                    List<Expr> operands = new ArrayList<>();
                    for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
                        operands.add(condition(depth + 1));
                    }
                    return choice == 7 ? new Expr.And(operands, Span.NONE) : new Expr.Or(operands, Span.NONE);
                }
                default:
                    return new Literal(random.nextBoolean(), Span.NONE);
            }
        }

        Expr value(int depth) {
            int choice = random.nextInt(depth > 4 ? 5 : 9);
            switch (choice) {
                case 0:
                case 1:
                    return literal(false);
                case 2:
                    return attribute();
                case 3:
                    return path();
                case 4:
                    return random.nextBoolean() ? new Expr.Model(Span.NONE) : new Expr.ElementPath(segments(), Span.NONE);
                case 5:
                    return new Expr.Negate(value(depth + 1), Span.NONE);
                case 6:
                    return new Expr.Arithmetic(ArithmeticOp.values()[random.nextInt(5)], value(depth + 1), value(depth + 1), Span.NONE);
                case 7: {
                    List<Expr> args = new ArrayList<>();
                    for (int i = 0, n = random.nextInt(3); i < n; i++) {
                        args.add(value(depth + 1));
                    }
                    return new Expr.Call(random.nextBoolean() ? "CONCAT" : "lower", args, Span.NONE, Span.NONE);
                }
                default:
                    return condition(depth + 1);
            }
        }

        Literal literal(boolean allowNegative) {
            Object v;
            switch (random.nextInt(6)) {
                case 0:
                    v = string();
                    break;
                case 1:
                    v = allowNegative ? random.nextLong() : random.nextLong() & Long.MAX_VALUE;
                    break;
                case 2: {
                    double d = Math.abs(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                    v = allowNegative && random.nextBoolean() ? -d : d;
                    break;
                }
                case 3:
                    v = JsonNull.INSTANCE;
                    break;
                case 4:
                    v = (long) random.nextInt(100);
                    break;
                default:
                    v = random.nextBoolean();
            }
            return new Literal(v, Span.NONE);
        }

        String string() {
            String alphabet = "ab'\"\\%_ é😀\t";
            StringBuilder b = new StringBuilder();
            int[] cps = alphabet.codePoints().toArray();
            for (int i = 0, n = random.nextInt(6); i < n; i++) {
                b.appendCodePoint(cps[random.nextInt(cps.length)]);
            }
            String s = b.toString();
            // A backslash right before the closing quote would escape it: no literal can end in one.
            if (s.endsWith("\\") || (s.contains("\\'") && s.contains("\\\""))) {
                return s.replace("\\", "/");
            }
            return s;
        }

        Expr attribute() {
            String name;
            do {
                StringBuilder b = new StringBuilder();
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
                }
                name = b.toString();
            } while (KEYWORDS.contains(name) || Character.isDigit(name.charAt(0)));
            return new Expr.Attribute(name, Span.NONE);
        }

        Expr path() {
            return new Expr.DataPath(segments(), Span.NONE);
        }

        List<Segment> segments() {
            List<Segment> out = new ArrayList<>();
            for (int i = 0, n = random.nextInt(4); i < n; i++) {
                switch (random.nextInt(4)) {
                    case 0:
                        out.add(new Segment.Member(random.nextBoolean() ? "$metadata" : "temp_" + random.nextInt(9)));
                        break;
                    case 1:
                        out.add(new Segment.Member(string()));
                        break;
                    case 2:
                        out.add(new Segment.Index(random.nextInt(20)));
                        break;
                    default:
                        out.add(new Segment.Wildcard());
                }
            }
            return out;
        }
    }
}
