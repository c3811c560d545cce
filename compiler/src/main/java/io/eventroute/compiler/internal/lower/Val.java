package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.EventView;

/**
 * A node of the compiled program that yields a value (see {@link EventView} for the value model;
 * null is undefined). Small, final and immutable.
 */
public abstract class Val {
    /** The value for this event; null when undefined. {@code frame} may be null. */
    public abstract Object eval(EventView event, Frame frame);
}
