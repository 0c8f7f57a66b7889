package org.jmojo.bindings;

/**
 * Implemented by every Java {@code enum} jmojom generates for a Mojom enum: the constant's int32
 * wire value.
 *
 * <p>An {@code [Extensible]} enum also has the constant {@code UNRECOGNIZED}, which stands for every
 * value this side does not declare; it has no value of its own, so its {@link #value()} throws. A
 * field, union member or array of such an enum keeps the value that arrived, so that it is written
 * back unchanged (protobuf-java's model): read it with the field's {@code get...Value()} accessor, the
 * union member's {@code rawValue()} or {@link EnumList#getValue}.
 */
public interface MojomEnum {

    /**
     * The int32 written on the wire.
     *
     * @throws IllegalStateException for {@code UNRECOGNIZED}, which stands for many values
     */
    int value();
}
