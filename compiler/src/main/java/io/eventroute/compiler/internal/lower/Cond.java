package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.EventView;

/**
 * A node of the compiled predicate program that yields a three-valued result ({@code Tri}). Nodes
 * are small, final and immutable, so a program is shared by any number of threads.
 */
public abstract class Cond {
    /** Tri.TRUE, Tri.FALSE or Tri.UNKNOWN for this event; {@code frame} may be null. */
    public abstract int test(EventView event, Frame frame);
}
