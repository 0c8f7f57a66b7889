package org.jmojo.bindings.internal;

import java.util.function.IntFunction;
import org.jmojo.bindings.BooleanList;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.DoubleList;
import org.jmojo.bindings.EnumList;
import org.jmojo.bindings.FloatList;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.LongList;
import org.jmojo.bindings.MojomEnum;
import org.jmojo.bindings.ShortList;

/**
 * The runtime's way past the defensive copies of {@link Bytes} and the primitive lists: the encoder
 * copies their wire form straight into a message, and the decoder hands a freshly copied array to a
 * new value, so each direction copies the elements once. This package is not exported, so only
 * jmojo-bindings itself can reach these methods; {@code org.jmojo.bindings} installs the
 * implementation when {@link Bytes} is initialised.
 */
public final class Owned {

    /** What {@code org.jmojo.bindings} lets the runtime do. */
    public interface Access {

        /** The wire form inside a {@link Bytes} or primitive list; the caller must not modify it. */
        byte[] wire(Object value);

        /** A value taking {@code owned} over; the caller must drop its reference. Likewise below. */
        Bytes bytes(byte[] owned);

        /** {@code size} bools from their wire form; bits past the last are cleared. */
        BooleanList booleans(byte[] owned, int size);

        ShortList shorts(byte[] owned);

        IntList ints(byte[] owned);

        LongList longs(byte[] owned);

        FloatList floats(byte[] owned);

        DoubleList doubles(byte[] owned);

        <E extends Enum<E> & MojomEnum> EnumList<E> enums(byte[] owned, IntFunction<E> constants);
    }

    /** Written once, by {@link Bytes}'s initialiser, before any read can see a value. */
    private static volatile Access access;

    private Owned() {}

    /**
     * Installs the implementation; called once by {@code org.jmojo.bindings}.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static void install(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("Owned.Access is installed already");
        }
        access = implementation;
    }

    /** The implementation, installing it first if no value class has been initialised yet. */
    public static Access access() {
        Access a = access;
        if (a == null) {
            Bytes.empty(); // initialises Bytes, which installs the implementation
            a = access;
        }
        return a;
    }
}
