package org.jmojo.bindings;

import java.util.function.IntFunction;
import org.jmojo.bindings.internal.Owned;

/** The implementation of {@link Owned.Access}: the package-private constructors and arrays, for the runtime. */
final class OwnedAccess implements Owned.Access {

    @Override
    public byte[] wire(Object value) {
        return switch (value) {
            case Bytes b -> b.array();
            case PrimitiveList<?> l -> l.bytes;
            default -> throw new IllegalArgumentException("not Bytes or a primitive list: " + value.getClass());
        };
    }

    @Override
    public Bytes bytes(byte[] owned) {
        return owned.length == 0 ? Bytes.empty() : new Bytes(owned);
    }

    @Override
    public BooleanList booleans(byte[] owned, int size) {
        if (size % 8 != 0) {
            owned[size / 8] &= (byte) ((1 << (size % 8)) - 1);
        }
        return new BooleanList(owned, size);
    }

    @Override
    public ShortList shorts(byte[] owned) {
        return new ShortList(owned);
    }

    @Override
    public IntList ints(byte[] owned) {
        return new IntList(owned);
    }

    @Override
    public LongList longs(byte[] owned) {
        return new LongList(owned);
    }

    @Override
    public FloatList floats(byte[] owned) {
        return new FloatList(owned);
    }

    @Override
    public DoubleList doubles(byte[] owned) {
        return new DoubleList(owned);
    }

    @Override
    public <E extends Enum<E> & MojomEnum> EnumList<E> enums(byte[] owned, IntFunction<E> constants) {
        return new EnumList<>(owned, constants);
    }
}
