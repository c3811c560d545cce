package io.eventroute.compiler;

/**
 * The value one condition of an adt filter takes for one event, for showing why a filter matched
 * or not: the filter itself, each AND, OR and NOT in it, and each condition under them (a comparison,
 * IN, LIKE, IS NULL, a function call, taken whole). Immutable; thread-safe.
 *
 * @param depth 0 for the whole filter, one more for each AND, OR or NOT above the condition
 * @param text the condition in normalized form
 * @param offset where it starts in the filter's source (UTF-16 index), 0 when the compiler made it
 * @param length its length in the source, 0 when the compiler made it
 * @param value TRUE, FALSE, or null when it is undefined for the event
 */
public record ConditionValue(int depth, String text, int offset, int length, Boolean value) {
}
