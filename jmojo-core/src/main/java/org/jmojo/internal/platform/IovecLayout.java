package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct iovec} of Linux x86-64 (16 bytes): one buffer of a scatter/gather list.
 *
 * <pre>
 *  0           8           16
 *  +-----------+-----------+
 *  | iov_base  | iov_len   |
 *  | void*     | size_t    |
 *  +-----------+-----------+
 * </pre>
 */
final class IovecLayout {
    static final StructLayout LAYOUT =
            MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    static final long BASE = 0;
    static final long LEN = 8;
    static final long SIZE = 16;

    private IovecLayout() {}

    /** Sets entry {@code index} of an iovec array to {@code buffer}. */
    static void set(MemorySegment iov, int index, MemorySegment buffer) {
        long at = index * SIZE;
        iov.set(ADDRESS, at + BASE, buffer);
        iov.set(JAVA_LONG, at + LEN, buffer.byteSize());
    }
}
