package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.Names;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.eval.Values;

/** Value nodes: constants, event reads, arithmetic. */
final class Vals {
    private Vals() {
    }

    static final class Const extends Val {
        final Object value; // null: undefined

        Const(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            return value;
        }

        @Override
        public String toString() {
            return value == null ? "undefined" : ExprPrinter.literal(value);
        }
    }

    static final class Attribute extends Val {
        final String name;

        Attribute(String name) {
            this.name = name;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            return event.attribute(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class Data extends Val {
        final DataPointer pointer;

        Data(DataPointer pointer) {
            this.pointer = pointer;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            return pointer.size() == 0 ? event.data() : event.data(pointer);
        }

        @Override
        public String toString() {
            return pointer.toString();
        }
    }

    /** {@code @} followed by member/index steps. */
    static final class Element extends Val {
        final DataPointer steps;

        Element(DataPointer steps) {
            this.steps = steps;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            return steps.resolve(frame.element);
        }

        @Override
        public String toString() {
            return "@" + steps.toString().substring("$body".length());
        }
    }

    /** The value bound to a [*] path of the test being tried. */
    static final class Binding extends Val {
        final int slot;
        final String path;

        Binding(int slot, String path) {
            this.slot = slot;
            this.path = path;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            return frame.bindings[slot];
        }

        @Override
        public String toString() {
            return "each(" + path + ")";
        }
    }

    /** {@code $model}: where the model id lives depends on the event type. */
    static final class Model extends Val {
        static final DataPointer METADATA_MODEL = DataPointer.of(java.util.List.of("$metadata", "$model"));
        static final DataPointer MODEL_ID = DataPointer.of(java.util.List.of("modelId"));

        @Override
        public Object eval(EventView event, Frame frame) {
            Object type = event.attribute("type");
            if (!(type instanceof String t)) {
                return null;
            }
            Object model;
            switch (t) {
                case Names.TELEMETRY:
                    model = event.attribute("dataschema");
                    break;
                case Names.TWIN_CREATE:
                case Names.TWIN_DELETE:
                    return event.data(METADATA_MODEL);
                case Names.TWIN_UPDATE:
                    return event.data(MODEL_ID);
                case Names.RELATIONSHIP_UPDATE:
                    model = event.data(MODEL_ID);
                    break;
                case Names.RELATIONSHIP_CREATE:
                case Names.RELATIONSHIP_DELETE:
                    model = null;
                    break;
                default:
                    return null;
            }
            // Not in the event: the twin's model, when the view knows it (a twin -> model map).
            return model != null ? model : event.modelOfTwin();
        }

        @Override
        public String toString() {
            return "$model";
        }
    }

    /** A condition used as a value: true, false or undefined. */
    static final class OfCond extends Val {
        final Cond cond;

        OfCond(Cond cond) {
            this.cond = cond;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            return Tri.toBoolean(cond.test(event, frame));
        }

        @Override
        public String toString() {
            return cond.toString();
        }
    }

    static final class Negate extends Val {
        final Val operand;

        Negate(Val operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            Object v = operand.eval(event, frame);
            return v == null ? null : Values.negate(v);
        }

        @Override
        public String toString() {
            return "(neg " + operand + ")";
        }
    }

    static final class Arithmetic extends Val {
        final char op;
        final Val left;
        final Val right;

        Arithmetic(char op, Val left, Val right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            Object l = left.eval(event, frame);
            if (l == null) {
                return null;
            }
            Object r = right.eval(event, frame);
            return r == null ? null : Values.arithmetic(op, l, r);
        }

        @Override
        public String toString() {
            return "(" + op + " " + left + " " + right + ")";
        }
    }
}
