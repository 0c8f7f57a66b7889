package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct pollfd} of Linux (8 bytes), one entry of the array passed to {@code poll}.
 *
 * <pre>
 *  0       4         6         8
 *  +-------+---------+---------+
 *  | fd    | events  | revents |
 *  | int   | i16     | i16     |
 *  +-------+---------+---------+
 * </pre>
 */
final class PollfdLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    static final long FD = 0;
    static final long EVENTS = 4;
    static final long REVENTS = 6;
    static final long SIZE = 8;

    private PollfdLayout() {}

    static void set(MemorySegment array, int index, int fd, int events) {
        array.set(JAVA_INT, index * SIZE + FD, fd);
        array.set(JAVA_SHORT, index * SIZE + EVENTS, (short) events);
        array.set(JAVA_SHORT, index * SIZE + REVENTS, (short) 0);
    }

    static int revents(MemorySegment array, int index) {
        return Short.toUnsignedInt(array.get(JAVA_SHORT, index * SIZE + REVENTS));
    }
}
