package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct epoll_event} of Linux x86-64: <b>packed</b> (12 bytes, the 64-bit data at offset 4),
 * unlike most architectures where it is 16 bytes with the data at 8. Getting this wrong shifts every
 * event after the first in an {@code epoll_wait} array.
 *
 * <pre>
 *  0          4                       12
 *  +----------+-----------------------+
 *  | events   | data (u64, unaligned) |
 *  | u32      |                       |
 *  +----------+-----------------------+
 * </pre>
 */
final class EpollEventLayout {
    static final StructLayout LAYOUT =
            MemoryLayout.structLayout(JAVA_INT.withName("events"), JAVA_LONG_UNALIGNED.withName("data"));

    static final long EVENTS = 0;
    static final long DATA = 4;
    static final long SIZE = 12;

    private EpollEventLayout() {}

    static void set(MemorySegment array, int index, int events, long data) {
        array.set(JAVA_INT, index * SIZE + EVENTS, events);
        array.set(JAVA_LONG_UNALIGNED, index * SIZE + DATA, data);
    }

    static int events(MemorySegment array, int index) {
        return array.get(JAVA_INT, index * SIZE + EVENTS);
    }

    static long data(MemorySegment array, int index) {
        return array.get(JAVA_LONG_UNALIGNED, index * SIZE + DATA);
    }
}
