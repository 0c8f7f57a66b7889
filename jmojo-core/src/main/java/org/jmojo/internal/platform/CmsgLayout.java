package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct cmsghdr} of Linux x86-64 (16-byte header, data follows, each message padded to 8
 * bytes), and the {@code CMSG_*} arithmetic for {@code SCM_RIGHTS} messages.
 *
 * <pre>
 *  0              8            12           16
 *  +--------------+------------+------------+--------------------------------+
 *  | cmsg_len     | cmsg_level | cmsg_type  | data: int fds[n], then padding |
 *  | size_t       | int        | int        | to a multiple of 8             |
 *  +--------------+------------+------------+--------------------------------+
 * </pre>
 *
 * {@code cmsg_len} = {@link #len CMSG_LEN(n·4)} = 16 + n·4; the space one message occupies is
 * {@link #space CMSG_SPACE(n·4)} = 16 + n·4 rounded up to 8.
 */
final class CmsgLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));

    static final long LEN = 0;
    static final long LEVEL = 8;
    static final long TYPE = 12;
    static final long DATA = 16;
    static final long HEADER_SIZE = 16;

    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    /** The kernel's limit on descriptors in one SCM_RIGHTS message ({@code SCM_MAX_FD}). */
    static final int SCM_MAX_FD = 253;

    private CmsgLayout() {}

    /** {@code CMSG_ALIGN}: rounds up to a multiple of 8. */
    static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** {@code CMSG_LEN(dataBytes)}. */
    static long len(long dataBytes) {
        return HEADER_SIZE + dataBytes;
    }

    /** {@code CMSG_SPACE(dataBytes)}. */
    static long space(long dataBytes) {
        return HEADER_SIZE + align(dataBytes);
    }

    /** Writes one SCM_RIGHTS message carrying {@code fds} at the start of {@code control}. */
    static void writeRights(MemorySegment control, int[] fds, int count) {
        control.set(JAVA_LONG, LEN, len(count * 4L));
        control.set(JAVA_INT, LEVEL, SOL_SOCKET);
        control.set(JAVA_INT, TYPE, SCM_RIGHTS);
        for (int i = 0; i < count; i++) {
            control.set(JAVA_INT, DATA + i * 4L, fds[i]);
        }
        // Zero the padding so no stale bytes go to the kernel.
        long end = space(count * 4L);
        for (long at = DATA + count * 4L; at < end; at++) {
            control.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at, (byte) 0);
        }
    }
}
