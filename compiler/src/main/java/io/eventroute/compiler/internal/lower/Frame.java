package io.eventroute.compiler.internal.lower;

/**
 * What an evaluation carries besides the event: the element {@code @} stands for inside ANY/ALL and
 * the values bound to the {@code [*]} paths of the test being tried. Null when neither applies, so
 * the common case allocates nothing. Immutable.
 */
public final class Frame {
    final Object element;
    final Object[] bindings;

    Frame(Object element, Object[] bindings) {
        this.element = element;
        this.bindings = bindings;
    }
}
