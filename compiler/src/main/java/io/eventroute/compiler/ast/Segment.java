package io.eventroute.compiler.ast;

/** One step of a {@code $body} or {@code @} path. Immutable; thread-safe. */
public sealed interface Segment {

    /** {@code .name} or {@code ['name']}: a member of an object. */
    record Member(String name) implements Segment {
        public Member {
            java.util.Objects.requireNonNull(name, "name");
        }
    }

    /** {@code [N]}: a 0-based element of an array. */
    record Index(int index) implements Segment {
    }

    /** {@code [*]}: every element of an array (see the language document, section 5). */
    record Wildcard() implements Segment {
    }
}
