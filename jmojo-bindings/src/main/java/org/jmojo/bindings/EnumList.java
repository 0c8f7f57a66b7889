package org.jmojo.bindings;

import java.util.Collection;
import java.util.function.IntFunction;

/**
 * An immutable {@code List} of a generated Mojom enum, backed by the int32 values as they are on the
 * wire: the Java type of {@code array<E>} for a Mojom enum {@code E}. {@link #get} gives the constant
 * ({@code UNRECOGNIZED} for a value an {@code [Extensible]} enum does not declare), {@link #getValue}
 * the value itself, which is what encoding writes back.
 *
 * <p>Holds no nulls. Two {@code EnumList}s are equal when their values are; an {@code EnumList} and
 * another {@code List} are equal when their constants are. Safe to share between threads.
 *
 * @param <E> the generated enum
 */
public final class EnumList<E extends Enum<E> & MojomEnum> extends PrimitiveList<E> {

    /** The generated enum's {@code of(int)}: the constant for a value. */
    private final IntFunction<E> constants;

    EnumList(byte[] wire, IntFunction<E> constants) {
        super(wire, wire.length / 4);
        this.constants = constants;
    }

    /**
     * A list of the values of {@code values}: {@code values} itself if it is an {@code EnumList}.
     *
     * @param constants the enum's {@code of} method ({@code Color::of}), which {@link #get} uses
     * @throws NullPointerException if an element is null, naming its index
     * @throws IllegalStateException if an element is {@code UNRECOGNIZED}, which has no value to write
     */
    public static <E extends Enum<E> & MojomEnum> EnumList<E> copyOf(Collection<E> values,
            IntFunction<E> constants) {
        if (values instanceof EnumList<E> same) {
            return same;
        }
        return new EnumList<>(wire(values, 4, "EnumList", (w, at, v) -> I32.set(w, at, v.value())), constants);
    }

    @Override
    public E get(int index) {
        return constants.apply(getValue(index));
    }

    /**
     * The int32 value of element {@code index}, also for an {@code UNRECOGNIZED} one.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public int getValue(int index) {
        return (int) I32.get(bytes, at(index, 4));
    }
}
