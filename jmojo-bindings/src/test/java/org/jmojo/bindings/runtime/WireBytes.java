package org.jmojo.bindings.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian reads and writes into a message's bytes, for tests that build or break messages by hand. */
final class WireBytes {

    private WireBytes() {}

    /** The absolute offset the pointer in {@code slot} points at. */
    static int target(byte[] m, int slot) {
        return Math.toIntExact(slot + getLong(m, slot));
    }

    static int getInt(byte[] m, int at) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    static long getLong(byte[] m, int at) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
    }

    static void putInt(byte[] m, int at, int v) {
        ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    static void putLong(byte[] m, int at, long v) {
        ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    }
}
